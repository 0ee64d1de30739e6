"""Deposit packages (BagIt, METS, DataCite, …) and their deposit in a repository."""
