"""Case studies of good practice with outcome indicators, milestones and comparisons (issue: case studies)."""
