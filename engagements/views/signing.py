"""The sign page: exactly what is signed, a declaration, and re-authentication before the signature.

A signature must follow an explicit re-authentication (password or two-factor code) in the last
few minutes (ACCOUNT_REAUTHENTICATION_TIMEOUT): a recent sign-in is not enough. Without one, the
POST is suspended and the person is sent to allauth's re-authentication page; once they have
confirmed it is them, allauth replays the POST here and the signature is made, recording how.
"""

import time

from allauth.account.internal.flows.login import get_authentication_records
from allauth.core.exceptions import ReauthenticationRequired
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.forms import add_service_errors

from .. import services
from ..forms_agreement import SignForm
from ..models import AgreementVersion, Signature
from ..rules import signing_sides
from ..selectors_agreement import agreement_page
from ._agreement import agreement_or_404, purpose_in_force

# allauth's names for the methods, as the signature records them.
METHODS = {"password": Signature.Method.PASSWORD, "mfa": Signature.Method.TWO_FACTOR}


def reauthenticated_by(request) -> str | None:
    """How the person last re-authenticated, if they did so explicitly within the timeout."""
    records = get_authentication_records(request, request.user)
    explicit = [r for r in records if r.get("reauthenticated") and r.get("method") in METHODS]
    if not explicit:
        return None
    last = explicit[-1]
    if time.time() - float(last.get("at", 0)) >= settings.ACCOUNT_REAUTHENTICATION_TIMEOUT:
        return None
    return METHODS[last["method"]]


@login_required
@require_http_methods(["GET", "POST"])
def agreement_sign(request, engagement_uuid):
    engagement, agreement = agreement_or_404(request, engagement_uuid, perm="engagements.sign_agreement")
    page = agreement_page(agreement)
    version = page.latest
    signed_sides = {s.side for s in version.signatures.all()}
    own_sides = [s for s in signing_sides(request.user, engagement) if s not in signed_sides]
    already = any(s.signer_id == request.user.pk for s in version.signatures.all())
    form = SignForm(
        request.POST if request.method == "POST" else None,
        initial={"version": version.uuid, "revision": version.revision},
    )
    if request.method == "POST" and form.is_valid():
        method = reauthenticated_by(request)
        if method is None:
            # allauth's middleware keeps this POST and sends the person to confirm it is them.
            raise ReauthenticationRequired()
        seen = AgreementVersion.objects.filter(agreement=agreement, uuid=form.cleaned_data["version"]).first()
        if seen is None:
            raise Http404("No such version of this agreement.")
        try:
            services.agreement_sign(
                actor=request.user,
                engagement=engagement,
                version=seen,
                seen_revision=form.cleaned_data["revision"],
                method=method,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"You have signed version {version.number} of the agreement.")
            return redirect(agreement.get_absolute_url())
    return render(
        request,
        "engagements/agreement_sign.html",
        {
            "engagement": engagement,
            "agreement": agreement,
            "version": version,
            "purpose": purpose_in_force(agreement),
            "form": form,
            "can_sign": bool(own_sides) and not already and version.signed_at is None,
            "already_signed": already,
            "signing_for": own_sides[0] if own_sides else "",
        },
        status=400 if form.is_bound and form.errors else 200,
    )
