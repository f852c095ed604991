-- 0015_idx_transfer (issue 12 §1): indexes for key-based paging of the lists. Reserved; the statements follow.
SELECT 1;
