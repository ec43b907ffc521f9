from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from casestudies.models import CaseStudyIndicatorValue, CaseStudyPage
from tests.factories import OrganisationFactory, case_study_create, indicator

pytestmark = pytest.mark.django_db


def _value(slug, value):
    return CaseStudyIndicatorValue(
        indicator=indicator(slug), value=Decimal(value), measured_on=date(2024, 1, 1)
    )


@pytest.mark.parametrize(
    ("slug", "value", "message"),
    [
        ("households-housed", "-1", "záporná"),
        ("tenancy-sustainment-12m", "100.5", "nejvýše 100"),
        ("households-housed", "2.5", "celých číslech"),
    ],
)
def test_indicator_values_are_validated_by_their_unit(slug, value, message):
    with pytest.raises(ValidationError) as error:
        _value(slug, value).clean()
    assert message in str(error.value)


def test_valid_values_pass():
    _value("tenancy-sustainment-12m", "87.5").clean()
    _value("households-housed", "12").clean()


def test_negative_value_is_refused_by_the_database_too(home_page):
    page = case_study_create(values=[("households-housed", 3, "2024-01-01")])
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseStudyIndicatorValue.objects.filter(page=page).update(value=Decimal(-1))


def test_one_value_per_indicator_and_day(home_page):
    page = case_study_create(values=[("households-housed", 3, "2024-01-01")])
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseStudyIndicatorValue.objects.create(
            page=page,
            indicator=indicator("households-housed"),
            value=4,
            measured_on=date(2024, 1, 1),
        )


def test_end_before_start_is_refused():
    page = CaseStudyPage(
        title="x",
        organisation=OrganisationFactory(),
        period_start=date(2024, 1, 1),
        period_end=date(2023, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "Konec nemůže být dřív než začátek." in str(error.value)
