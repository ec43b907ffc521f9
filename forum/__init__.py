"""Partnership forum with public, partner-only and closed categories (issue: forum)."""
