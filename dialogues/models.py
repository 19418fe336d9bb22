"""Dialogue events, registrations, attendance and recommendations: built by the
dialogues issue (see DESIGN.md)."""
