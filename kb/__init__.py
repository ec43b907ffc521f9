"""Knowledge base: methodologies, guides, glossary, document library, review cycle (issue: knowledge base)."""
