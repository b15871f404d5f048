"""Build a corpus from the Tweede Kamer open data (Gegevensmagazijn, OData v4).

``odata`` (the HTTP client: rate limit, retries, paging), ``records`` (a record as a
``letters.csv`` row), ``cabinets`` (cabinets and ministers of Foreign Affairs by date),
``state`` (what a fetch folder remembers; atomic writes), ``fetch`` (``fetch_documents()``),
``replay`` (a recorded folder such as ``data/opendata_sample`` served on 127.0.0.1, offline).
"""
