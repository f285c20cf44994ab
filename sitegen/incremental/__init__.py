"""Incremental builds: what each page and source was made from, kept between builds."""
