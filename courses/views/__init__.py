"""Views of the courses app, all URL patterns of `courses.urls` under /studium/: the actions of
the course and lesson pages (`course`, `lesson`: the pages themselves render in
`courses.models.pages`), the learner's pages (`learner`) and the adviser dashboard (`adviser`)."""
