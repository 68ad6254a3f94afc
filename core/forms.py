from django.forms.renderers import TemplatesSetting


class NHSFormRenderer(TemplatesSetting):
    """Renders every Django form with NHS.UK design system markup.

    Project templates in templates/forms/ and templates/django/forms/widgets/
    take precedence, so `{{ form }}` anywhere gives labels, hints, inline
    errors and NHS.UK input classes without per-form work.
    """

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
