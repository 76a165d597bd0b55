"""Reusable widgets. Thin: they show what they are given and post messages about what was done."""
