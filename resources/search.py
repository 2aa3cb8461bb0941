"""Resource search for the site search: what the library lists, whoever asks.

Members-only resources are found too (their title and summary are public,
as in the library); their body, link and file stay behind the member check.
The library's own search (resources.library) does the matching.
"""

from django.http import QueryDict

from resources.library import Library, clean_query
from resources.models import Resource


def search_resources(query, *, limit=20):
    query = clean_query(query)
    if not query:
        return []
    params = QueryDict(mutable=True)
    params["q"] = query
    library = Library.from_params(params, topics=[])
    return list(library.results(Resource.objects.in_library().for_list())[:limit])
