"""``gongkai serve``: the local web page (Starlette + uvicorn, the optional extra ``serve``).

:mod:`checker.serve.app` has the routes, :mod:`checker.serve.work` the checking and the
decisions behind them, :mod:`checker.serve.guard` what keeps the page safe (upload limit,
CSRF token, cross-site refusal, trusted hosts) and :mod:`checker.serve.pages` its HTML.
"""
