"""The engine's sentences, translated into the active language (the engine itself stays free of Django)."""

from django.utils.translation import gettext as _

from .engine import ConditionTexts, Texts


def engine_texts() -> Texts:
    return Texts(
        matched=_("{label}."),
        undecided=_("Depends on an answer you skipped: {label}."),
        no_rule=_("None of today's criteria matches your answers in this region."),
        outside_mandate=_("This service is for a specific group: {label}."),
        mandate_undecided=_("This service is for a specific group ({label}); the centre will check with you."),
        step_contact=_("Contact the centre to start: the service is free."),
        step_confirm=_("Call the centre: it can confirm whether it can serve you."),
        step_answer=_("Answering the questions you skipped gives a clearer answer."),
        step_elsewhere=_("Another centre nearby, or Services Québec (1 877 644-4545), can still help you."),
        step_other_service=_("Look for another service nearby that serves your group."),
        age_out_of_range=_("The age must be between 0 and {max}."),
        age_mismatch=_("The age and the age range do not agree."),
        unknown_choice=_("Unknown answer: {value}."),
        job_contradiction=_("“No job” cannot be combined with having a job."),
        support_contradiction=_("“No income support” cannot be combined with a kind of income support."),
    )


def condition_texts() -> ConditionTexts:
    return ConditionTexts(
        not_object=_('The condition must be an object such as {{"income_support": ["employment_insurance"]}}.'),
        not_list=_("“{key}” must be a non-empty list of answers."),
        bad_value=_("“{key}” does not accept {value}; use one of: {allowed}."),
        unknown_key=_("Unknown question “{key}”; use one of: {allowed}."),
        age_shape=_('The age must be an object with “min” and/or “max”, e.g. {{"min": 16, "max": 35}}.'),
        age_limits=_("The age limits must be whole numbers between 0 and {max}."),
        age_order=_("The minimum age is greater than the maximum age."),
    )
