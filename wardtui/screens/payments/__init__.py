"""Section 3, allowances and scholarships: ``screen`` holds the screen; ``totals``, ``ledger``,
``recipients`` and ``rates`` one view each, and ``view`` what they share."""
