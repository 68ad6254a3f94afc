from django import forms

# Error codes of a form refused because a rate limit was hit (allauth's, and ours).
RATE_LIMIT_CODES = frozenset({"too_many_login_attempts", "rate_limited"})


class RateLimitStatusMiddleware:
    """A form refused because of a rate limit answers 429 Too Many Requests, not 200.

    The page stays the same form with its message; the status is what clients and
    monitoring count. `Retry-After` is sent when the error knows the wait.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        if response.status_code == 200:
            error = _rate_limit_error(response.context_data or {})
            if error is not None:
                response.status_code = 429
                retry_after = (error.params or {}).get("retry_after")
                if retry_after:
                    response["Retry-After"] = str(int(retry_after))
        return response


def _rate_limit_error(context):
    for value in context.values():
        if not isinstance(value, forms.BaseForm) or not value.is_bound:
            continue
        for field_errors in value.errors.as_data().values():
            for error in field_errors:
                if error.code in RATE_LIMIT_CODES:
                    return error
    return None
