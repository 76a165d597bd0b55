"""Orchestration the app delegates: each controller starts one kind of work in workers."""
