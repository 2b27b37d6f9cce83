"""Token bookkeeping shared by the adapters: pure functions on lists of ids (no engine imports)."""


def truncate(ids, limit):
    """The first `limit` ids, and whether anything was cut."""
    return (list(ids[:limit]), True) if len(ids) > limit else (list(ids), False)


def left_pad(rows, pad_id):
    """Rows left-padded to one width with `pad_id`, and the attention masks (0 on padding)."""
    width = max((len(r) for r in rows), default=0)
    ids = [[pad_id] * (width - len(r)) + list(r) for r in rows]
    mask = [[0] * (width - len(r)) + [1] * len(r) for r in rows]
    return ids, mask


def count_output(row, limit, eos_ids, fixed):
    """Generated tokens of one row that count as output: up to `limit`, and, unless `fixed`, up to
    and including the first end-of-sequence id; whatever the batch generated after that (padding
    for a finished row) is never counted."""
    n = min(limit, len(row))
    if not fixed:
        for k, token in enumerate(row[:n]):
            if token in eos_ids:
                return k + 1
    return n
