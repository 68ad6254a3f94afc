from django.urls import path

from .views import actions, agreement, catalogue, checkins, detail, lists, propose, purpose

app_name = "engagements"

urlpatterns = [
    path("", lists.engagement_mine, name="mine"),
    path("review/", lists.review_queue, name="review"),
    path("models/", catalogue.model_list, name="models"),
    path("models/<bounded_slug:slug>/", catalogue.model_detail, name="model"),
    path("new/", propose.engagement_new, name="new"),
    path("<uuid:engagement_uuid>/", detail.engagement_detail, name="detail"),
    path("<uuid:engagement_uuid>/proposal/check/", propose.proposal_check, name="check"),
    path("<uuid:engagement_uuid>/proposal/<bounded_slug:step>/", propose.proposal_step, name="step"),
    path("<uuid:engagement_uuid>/delete/", propose.proposal_delete, name="delete"),
    path("<uuid:engagement_uuid>/assign/", detail.engagement_assign, name="assign"),
    path("<uuid:engagement_uuid>/notes/", detail.note_add, name="note"),
    path("<uuid:engagement_uuid>/comments/", detail.comment_add, name="comment"),
    path("<uuid:engagement_uuid>/comments/<uuid:comment_uuid>/edit/", actions.comment_edit, name="comment_edit"),
    path("<uuid:engagement_uuid>/request-changes/", actions.engagement_request_changes, name="request_changes"),
    path("<uuid:engagement_uuid>/accept/", actions.engagement_accept, name="accept"),
    path("<uuid:engagement_uuid>/decline/", actions.engagement_decline, name="decline"),
    path("<uuid:engagement_uuid>/withdraw/", actions.engagement_withdraw, name="withdraw"),
]

# The shared purpose, the agreement and check-ins, once an engagement is accepted.
urlpatterns += purpose.urlpatterns + agreement.urlpatterns + checkins.urlpatterns
