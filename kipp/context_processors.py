from kipp.rules import is_committee, is_juror, is_operator


def roles(request):
    """Expose the role predicates to templates so navigation never re-derives them."""
    user = getattr(request, "user", None)
    return {
        "is_committee": bool(user and is_committee(user)),
        "is_juror": bool(user and is_juror(user)),
        "is_operator": bool(user and is_operator(user)),
    }
