"""Food-for-Thought: the example application of multi-region-api (hello, hits, items, orders,
catalog, regions and a page that shows failover).

It imports nothing of the platform but its runtime library, ``multi_region_api.runtime``. The
table's items (``pk``; ``_mra#...`` keys are the platform's):

=============================  ==============================================================
``pk``                          aggregate (module)
=============================  ==============================================================
``HITS#<ip>#<region>``          per-client, per-region counter (``dal/hits.py``)
``ITEM#<id>``                   last-writer-wins documents (``dal/items.py``)
``ORDER#<id>``                  orders, written in their home region only (``dal/orders.py``)
``CATALOG#<id>``, ``CATALOG``   single-writer catalog and its index (``dal/catalog.py``)
=============================  ==============================================================
"""
