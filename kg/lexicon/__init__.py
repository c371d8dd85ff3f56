"""Language data of the extractor: verb tables, symbol organs, countries."""
