"""Views of the courses app: page routes (course, lesson) and the pages under /studium/."""
