"""Syndication clusters: which articles are near-copies of one another, across sites.

Provincial boards republish central articles (tuyengiao.vn, dangcongsan.vn, Nhân Dân)
with a new title, a local intro or a cut ending. ``signature`` turns a body into a
MinHash signature over five-word shingles of the folded text (``datasketch``);
``index`` keeps the signatures and their LSH band keys in the store, groups
articles whose estimated overlap passes the threshold, and fills
``articles.near_dup_cluster`` (at store time during a crawl, and from scratch with
``tuyengiao clusters rebuild``); ``syndication`` reads a cluster as a story of
publication: who published first, who republished, how late, and what they changed.
"""
