"""The page where an IMHA case's Mental Health Act facts are recorded."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from heard.casework.access import get_case_or_404
from heard.casework.forms.mha import SERVICE_FIELD_TO_FORM, MhaForm
from heard.casework.models import Case
from heard.casework.services import mha
from heard.core.permissions import Perm
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import scoped


@organisation_permission_required(Perm.CASEWORK_RECORD_CASEWORK)
def case_mha(request, case_id: int):
    case = get_case_or_404(
        request, case_id, queryset=scoped(request, Case).select_related("person", "service")
    )
    form = MhaForm(request.POST or None, initial=MhaForm.initial_for(case))
    if request.method == "POST" and form.is_valid():
        try:
            mha.case_update_mha(
                case=case, data=form.service_data(), acting_user=request.user, request=request
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(SERVICE_FIELD_TO_FORM.get(field, field), problems)
        else:
            messages.success(request, _("Mental Health Act details saved"))
            return redirect("casework:case_detail", case_id=case.pk)
    return render(request, "casework/cases/mha.html", {"case": case, "form": form})
