"""Courses: the pages editors write (course → modules → lessons with quizzes) and the plain
models of what people do (cohorts, enrolments, completed lessons, quiz attempts,
certificates, feedback, reminders).

One module per responsibility; every model is importable from `courses.models`:
- `pages`: the page types, quiz questions and options;
- `cohorts`: cohorts, enrolments and their history;
- `learning`: completed lessons, quiz attempts, extra attempts, answers;
- `certificates`, `feedback`, `reminders`.

Quiz questions and their options are Orderable inlines of the lesson page, not StreamField
items, so that attempts can point to them. An attempt also keeps its own copy of what it was
scored against (score, pass/fail, each answer's correctness and the question text), so
editing or deleting a question later never changes a stored result.
"""

from courses.models.certificates import Certificate, _new_certificate_code
from courses.models.cohorts import (
    Cohort,
    CohortQuerySet,
    Enrolment,
    EnrolmentEvent,
    EnrolmentQuerySet,
)
from courses.models.feedback import CourseFeedback
from courses.models.learning import (
    LessonCompletion,
    QuizAnswer,
    QuizAttempt,
    QuizAttemptGrant,
    _new_attempt_token,
)
from courses.models.pages import (
    CourseIndexPage,
    CourseModulePage,
    CoursePage,
    LessonPage,
    LessonPageForm,
    QuizGrading,
    QuizOption,
    QuizQuestion,
)
from courses.models.reminders import ReminderLog, ReminderPreference
from courses.models.team_certificates import TeamCertificate

__all__ = [
    "Certificate",
    "Cohort",
    "CohortQuerySet",
    "CourseFeedback",
    "CourseIndexPage",
    "CourseModulePage",
    "CoursePage",
    "Enrolment",
    "EnrolmentEvent",
    "EnrolmentQuerySet",
    "LessonCompletion",
    "LessonPage",
    "LessonPageForm",
    "QuizAnswer",
    "QuizAttempt",
    "QuizAttemptGrant",
    "QuizGrading",
    "QuizOption",
    "QuizQuestion",
    "ReminderLog",
    "ReminderPreference",
    "TeamCertificate",
    "_new_attempt_token",
    "_new_certificate_code",
]
