"""Blocks that other apps contribute to the home and about pages.

``network.pages`` is on the ground floor: it may not import the apps above
it (DESIGN.md, "Which way imports run"). Yet the home page shows what they
hold (the objectives, later the latest dialogues and a progress summary).
So those apps register a block here from their ``AppConfig.ready()``, the way
Django's admin is filled by the apps that use it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest

PAGES = ("home", "about", "dashboard", "recommendation", "section")


@dataclass(frozen=True)
class PageBlock:
    """A template fragment and the function that gives its context.

    ``get_context(request)`` returns a dict, available in the fragment as
    ``block.context``; it should cost a fixed number of queries. Blocks are
    shown by ascending ``order``.
    """

    name: str
    template: str
    get_context: Callable[[HttpRequest], dict]
    order: int = 100


@dataclass(frozen=True)
class RenderedBlock:
    template: str
    context: dict = field(default_factory=dict)


_registry: dict[str, dict[str, PageBlock]] = {page: {} for page in PAGES}


def register(page: str, block: PageBlock) -> None:
    """Add ``block`` to ``page`` (one of ``PAGES``); registering a name again replaces it.

    Raises ``KeyError`` for an unknown page.
    """
    _registry[page][block.name] = block


def blocks_for(page: str, request: HttpRequest) -> list[RenderedBlock]:
    """The blocks of ``page`` in order, each with its context computed for ``request``."""
    ordered = sorted(_registry[page].values(), key=lambda block: (block.order, block.name))
    return [RenderedBlock(block.template, block.get_context(request)) for block in ordered]
