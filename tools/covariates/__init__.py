"""Covariate roles for an observational effect question (see ``roles``)."""
