"""`calculate`: τ²-bench's arithmetic tool, without `eval`.

τ² checks that the expression uses only digits, `+-*/().` and spaces, then evaluates it as a
Python expression and returns `str(round(float(value), 2))`. We parse it with Python's own
parser (so syntax errors carry the very same messages) and evaluate the few node kinds those
characters can form with Python's own operators (so `division by zero` and the like match too).
One deliberate difference: an integer power with an exponent above 10,000 is refused instead of
computed, because `9**9**9` would hold the worker for hours (τ² would hang).
"""

from __future__ import annotations

import ast
import operator
import warnings
from collections.abc import Callable
from typing import Any

from frontline.backoffice.port import OperationFailed

_ALLOWED = frozenset("0123456789+-*/(). ")
_MAX_INT_EXPONENT = 10_000
_BINARY: dict[type[ast.operator], Callable[[object, object], object]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Pow: operator.pow,
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], object]] = {
    ast.UAdd: operator.pos,
    ast.USub: operator.neg,
}


def calculate(expression: str) -> str:
    """The value of `expression` rounded to 2 places, as τ² prints it (`"2.5"`, `"49.67"`)."""
    if not all(char in _ALLOWED for char in expression):
        raise OperationFailed("Invalid characters in expression")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "perhaps you missed a comma?" for "(1)(2)"
            # `eval` of a string ignores leading spaces; the parser alone would not.
            tree = ast.parse(expression.lstrip(" \t"), filename="<string>", mode="eval")
        return str(round(float(_evaluate(tree.body)), 2))  # type: ignore[arg-type]  # float() raises TypeError like τ²
    except (SyntaxError, ArithmeticError, TypeError, ValueError, RecursionError) as exc:
        raise OperationFailed(str(exc)) from None


def _evaluate(node: ast.expr) -> object:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _evaluate(node.left), _evaluate(node.right)
        if isinstance(node.op, ast.Pow):
            _check_power(left, right)
        return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_evaluate(node.operand))
    if isinstance(node, ast.Tuple):
        return tuple(_evaluate(element) for element in node.elts)
    if isinstance(node, ast.Call):
        callee = _evaluate(node.func)
        # Only numbers, tuples and Ellipsis can be formed: none is callable.
        raise TypeError(f"{type(callee).__name__!r} object is not callable")
    raise OperationFailed("Invalid expression")


def _check_power(base: object, exponent: object) -> None:
    if (
        isinstance(base, int)
        and isinstance(exponent, int)
        and abs(base) > 1
        and exponent > _MAX_INT_EXPONENT
    ):
        raise OperationFailed("Expression too large")
