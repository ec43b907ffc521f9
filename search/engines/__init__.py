"""The two search engines behind one interface (`search.engines.base.SearchEngine`)."""
