"""Views of case studies, one module per screen: listing, compare (and municipality pages),
dashboard. The routes live on CaseStudyIndexPage; the open-data API is casestudies.api."""
