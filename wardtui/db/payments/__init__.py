"""Allowances and scholarships in the database, a module per job; import from the one that owns the thing.

- ``programs``: programmes (Program, resolve_program, check_period) and their unit rates (Rate, set_rate).
- ``register``: the register of 통장 · 반장 · 통장자녀 (RecipientRow; find, add, edit, end).
- ``ledger``: reading the ledger: totals per programme and period, the budget, pages of payments.
- ``paying``: writing one payment and its correction (환수), the payment id, and the in-transaction
  re-check of who is in post that every write shares.
- ``runs``: payment runs: plan who a programme pays for a period, write it in one transaction.
- ``importing``: ``wardtui payments import`` (CSV) and inserting many payments at once.
- ``due``: what falls due next, for the home dashboard.

The rules themselves (periods, amounts, who is in post, the 통장자녀 rule) are
``wardtui.core.payments``; the invariants stay in the database (``uq_payment_once``).
"""
