from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_safe

from posts.interchange.export import ExportParamsForm, export_document


@require_safe
def pfif(request):
    """Published requests and their public comments as PFIF XML, a page at a time (docs/pfif.md)."""
    params = ExportParamsForm(request.GET)
    if not params.is_valid():
        return HttpResponseBadRequest(params.error_text(), content_type="text/plain; charset=utf-8")
    return HttpResponse(export_document(**params.export_options()), content_type="application/xml; charset=utf-8")
