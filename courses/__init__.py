"""Courses: Housing First training with enrolment, lessons, quizzes, progress and certificates (issue: courses)."""
