"""Every URL pattern the site answers, as a path template with its parameter names.

Walks the whole resolver (our apps, allauth, the Django admin), so a test built on it
covers a new pattern the day it is added.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

_ROUTE_PARAM = re.compile(r"<(?:[^>:]+:)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name", or the template when the pattern has no name
    template: str  # "institutions/{ods_code}/join/"
    params: tuple[str, ...]
    view_module: str  # where the view is defined: "institutions.views.manage", "allauth.account.views"

    def path(self, values: dict[str, str]) -> str:
        """The path with each parameter replaced by its (already percent-encoded) value."""
        path = self.template
        for param in self.params:
            path = path.replace("{" + param + "}", values[param])
        return "/" + path


def _regex_template(regex: str) -> str:
    """A regex pattern as a template: named groups become {name}, anchors and escapes go."""
    out, i = [], 0
    while i < len(regex):
        if regex.startswith("(?P<", i):
            end = regex.index(">", i)
            name = regex[i + 4 : end]
            depth, j = 1, end + 1
            while depth:
                if regex[j] == "\\":
                    j += 2
                    continue
                depth += {"(": 1, ")": -1}.get(regex[j], 0)
                j += 1
            out.append("{" + name + "}")
            i = j
        elif regex[i] == "\\":
            out.append(regex[i + 1])
            i += 2
        elif regex[i] in "^$":
            i += 1
        else:
            out.append(regex[i])
            i += 1
    return "".join(out)


def _template(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return _ROUTE_PARAM.sub(lambda m: "{" + m["name"] + "}", str(pattern))
    if isinstance(pattern, RegexPattern):
        return _regex_template(pattern.regex.pattern)
    raise TypeError(f"Unknown URL pattern type {type(pattern).__name__}")


def all_patterns(resolver=None, prefix="", namespace="") -> list[Pattern]:
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        template = prefix + _template(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.extend(all_patterns(entry, template, inner))
        elif isinstance(entry, URLPattern):
            params = tuple(re.findall(r"\{(\w+)\}", template))
            name = f"{namespace}{entry.name}" if entry.name else template
            module = getattr(entry.callback, "__module__", "")
            found.append(Pattern(name=name, template=template, params=params, view_module=module))
    return found
