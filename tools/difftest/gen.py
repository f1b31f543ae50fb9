"""Random well-typed programs of krait's scalar subset, as trees that render to two texts:

- the krait text, plain Python in the subset that krait compiles;
- the checked text, the same program for CPython's reference run, with every int result passed
  through _c() (which gives up on the program when a value leaves int64, where krait wraps around),
  int / int and int-float comparisons guarded above 2**53 (where krait converts to float first),
  and a _tick() at the top of every loop body that bounds the work.

Every local has one static type (int, float or bool) for the whole function and is assigned a value
at the top of the body, so the programs avoid the static-typing deviations of docs/language.md:
float locals only ever receive float values, and/or, min, max and conditional expressions only mix
operands of one type, annotated parameters receive arguments of their own type. The generator is
deterministic for a given random.Random.
"""

import math
import random

INT, FLOAT, BOOL = "int", "float", "bool"
# 1-D arrays (parameters only): CPython runs them as lists, krait as arrays built by
# krait_values_parse; their contents after the call are compared too.
ARR_F, ARR_I = "f64[:]", "i64[:]"
ELEM = {ARR_F: FLOAT, ARR_I: INT}


class FloatArray(list):
    """The argument of an f64[:] parameter (a list that knows its element type when empty)."""


class IntArray(list):
    """The argument of an i64[:] parameter."""

# Math functions of one float argument that return a float (domain errors raise in CPython: the
# runner discards those runs, deviation 14).
MATH1 = ["sqrt", "exp", "log", "sin", "cos", "tan", "atan", "tanh", "fabs", "log1p", "expm1", "erf",
         "asinh", "log2", "log10", "sinh", "cosh", "asin", "acos", "atanh", "erfc"]
MATH2 = ["atan2", "hypot", "copysign", "fmod"]


class Expr:
    """kind: lit (data: value), var (data: name), bin (data: op), unary (data: op), cmp (data: list of
    ops), boolop (data: 'and'/'or'), ifexp (children: cond, a, b), call (data: function name),
    attr (data: 'math.pi')."""

    __slots__ = ("kind", "ty", "data", "kids")

    def __init__(self, kind, ty, data=None, kids=None):
        self.kind, self.ty, self.data, self.kids = kind, ty, data, kids or []

    def copy(self):
        return Expr(self.kind, self.ty, list(self.data) if isinstance(self.data, list) else self.data,
                    [k.copy() for k in self.kids])


def lit(v):
    return Expr("lit", BOOL if type(v) is bool else INT if type(v) is int else FLOAT, v)


def render_lit(v):
    if type(v) is float:
        if math.isnan(v):
            return "math.nan"
        if math.isinf(v):
            return "math.inf" if v > 0 else "(-math.inf)"
    r = repr(v)
    return f"({r})" if r.startswith("-") else r


def render(e, checked):
    """The expression's text; checked: the CPython reference text (see the module comment)."""
    k = e.kind
    if k == "lit":
        return render_lit(e.data)
    if k in ("var", "attr"):
        return e.data
    kids = [render(c, checked) for c in e.kids]
    if k == "index":
        return f"{kids[0]}[{kids[1]}]"
    if k == "bin":
        a, b = e.kids
        if checked and e.data == "/" and a.ty != FLOAT and b.ty != FLOAT:
            return f"_tdiv({kids[0]}, {kids[1]})"
        text = f"({kids[0]} {e.data} {kids[1]})"
        return f"_c{text}" if checked and e.ty != BOOL else text
    if k == "unary":
        sep = " " if e.data == "not" else ""
        text = f"({e.data}{sep}{kids[0]})"
        return f"_c{text}" if checked and e.data != "not" else text
    if k == "cmp":
        tys = {c.ty for c in e.kids}
        mixed = FLOAT in tys and len(tys) > 1
        parts = []
        for c, t in zip(e.kids, kids):
            parts.append(f"_ex({t})" if checked and mixed and c.ty != FLOAT else t)
        text = parts[0]
        for op, t in zip(e.data, parts[1:]):
            text += f" {op} {t}"
        return f"({text})"
    if k == "boolop":
        return "(" + f" {e.data} ".join(kids) + ")"
    if k == "ifexp":
        return f"({kids[1]} if {kids[0]} else {kids[2]})"
    if k == "call":
        text = f"{e.data}({', '.join(kids)})"
        return f"_c({text})" if checked else text
    raise AssertionError(k)


class Stmt:
    """kind: assign (data: targets list; kids: values), aug (data: (name, op); kids: [value]),
    if (kids: [cond]; body, orelse), for (data: var; kids: range args; body), while (data: (counter,
    limit expr); kids: [extra cond] or []; body), break, continue, assert (data: message; kids:
    [cond]), raise (data: (exception, message)), return (kids: [value])."""

    __slots__ = ("kind", "data", "kids", "body", "orelse")

    def __init__(self, kind, data=None, kids=None, body=None, orelse=None):
        self.kind, self.data, self.kids = kind, data, kids or []
        self.body, self.orelse = body or [], orelse or []

    def copy(self):
        return Stmt(self.kind, list(self.data) if isinstance(self.data, list) else self.data,
                    [k.copy() for k in self.kids], [s.copy() for s in self.body],
                    [s.copy() for s in self.orelse])


class Func:
    def __init__(self, name, params, ret, ret_annotated, body):
        self.name, self.params, self.ret = name, params, ret  # params: [(name, type, annotated)]
        self.ret_annotated, self.body = ret_annotated, body

    def copy(self):
        return Func(self.name, list(self.params), self.ret, self.ret_annotated, [s.copy() for s in self.body])


class Program:
    def __init__(self, funcs, calls):
        self.funcs, self.calls = funcs, calls  # calls: [(func name, [arg values])]

    def copy(self):
        return Program([f.copy() for f in self.funcs], [(n, list(a)) for n, a in self.calls])  # args immutable


def render_block(stmts, indent, checked, out, in_loop_top=False):
    pad = "    " * indent
    if in_loop_top and checked:
        out.append(pad + "_tick()")
    if not stmts and not (in_loop_top and checked):
        out.append(pad + "pass")
    for s in stmts:
        render_stmt(s, indent, checked, out)


def render_stmt(s, indent, checked, out):
    pad = "    " * indent
    k = s.kind
    r = lambda e: render(e, checked)  # noqa: E731
    if k == "assign":
        if len(s.data) == 1:
            out.append(f"{pad}{s.data[0]} = {r(s.kids[0])}")
        else:
            out.append(f"{pad}{', '.join(s.data)} = {', '.join(r(v) for v in s.kids)}")
    elif k == "aug":
        name, op = s.data
        if checked:
            out.append(f"{pad}{name} = _c({name} {op} ({r(s.kids[0])}))")
        else:
            out.append(f"{pad}{name} {op}= {r(s.kids[0])}")
    elif k == "if":
        out.append(f"{pad}if {r(s.kids[0])}:")
        render_block(s.body, indent + 1, checked, out)
        if s.orelse:
            out.append(f"{pad}else:")
            render_block(s.orelse, indent + 1, checked, out)
    elif k == "for":
        out.append(f"{pad}for {s.data} in range({', '.join(r(a) for a in s.kids)}):")
        render_block(s.body, indent + 1, checked, out, in_loop_top=True)
    elif k == "while":
        counter, limit = s.data
        cond = f"{counter} < {limit}"
        if s.kids:
            cond += f" and {r(s.kids[0])}"
        out.append(f"{pad}{counter} = 0")
        out.append(f"{pad}while {cond}:")
        out.append(f"{pad}    {counter} += 1")
        render_block(s.body, indent + 1, checked, out, in_loop_top=True)
    elif k == "store":
        name, op = s.data
        target = f"{name}[{r(s.kids[0])}]"
        if op is None:
            out.append(f"{pad}{target} = {r(s.kids[1])}")
        else:
            out.append(f"{pad}{target} {op}= {r(s.kids[1])}")
            if checked:
                out.append(f"{pad}_ca({name})")
    elif k in ("break", "continue", "pass"):
        out.append(pad + k)
    elif k == "assert":
        out.append(f"{pad}assert {r(s.kids[0])}, {s.data!r}")
    elif k == "raise":
        exc, msg = s.data
        out.append(f"{pad}raise {exc}({msg!r})")
    elif k == "return":
        out.append(f"{pad}return {r(s.kids[0])}")
    else:
        raise AssertionError(k)


def render_program(p, checked):
    out = ["import math", "from krait import jit, f64, i64", ""]
    for f in p.funcs:
        params = ", ".join(f"{n}: {t}" if ann else n for n, t, ann in f.params)
        ret = f" -> {f.ret}" if f.ret_annotated else ""
        out += ["", "@jit", f"def {f.name}({params}){ret}:"]
        render_block(f.body, 1, checked, out)
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------------------------
# Generation.


class Gen:
    def __init__(self, rng, arrays=True):
        self.r = rng
        self.arrays = arrays
        self.funcs = []      # generated so far (callable by later ones)
        self.vars = {}       # name -> type, in scope in the current function
        self.counters = 0
        self.loop_vars = 0
        self.loop_depth = 0
        self.has_loop = False

    def chance(self, p):
        return self.r.random() < p

    # ---- literals and arguments

    def int_value(self):
        r = self.r.random()
        if r < 0.55:
            return self.r.randint(-12, 12)
        if r < 0.8:
            return self.r.randint(-1000, 1000)
        if r < 0.93:
            return self.r.choice([-1, 1]) * self.r.randint(2**20, 2**40)
        return self.r.choice([2**53 + 1, -(2**62), 2**62, 2**63 - 1, -(2**63), 2**31, -(2**31)])

    def float_value(self):
        r = self.r.random()
        if r < 0.5:
            return round(self.r.uniform(-20, 20), self.r.randint(0, 3))
        if r < 0.75:
            return self.r.uniform(-1e6, 1e6)
        return self.r.choice([0.0, -0.0, 0.5, -0.5, 1.5, 2.5, 1e-300, -1e300, 1e300, 5e-324,
                              math.inf, -math.inf, math.nan, 2.0**53, 0.1, 1e16, 123456.789])

    def arg_value(self, ty):
        if ty in ELEM:
            n = self.r.choice([0, 1, 2, 3, 4, 5, 6, 6])
            kind = IntArray if ty == ARR_I else FloatArray
            return kind(self.arg_value(ELEM[ty]) for _ in range(n))
        if ty == INT:
            return self.int_value()
        if ty == FLOAT:
            return self.float_value()
        return self.chance(0.5)

    # ---- expressions

    def names_of(self, ty):
        return [n for n, t in self.vars.items() if t == ty]

    def arrays_of(self, elem):
        return [n for n, t in self.vars.items() if ELEM.get(t) == elem]

    def index(self, name):
        """An index into array `name`: mostly in bounds, now and then negative or out of bounds."""
        c = self.r.random()
        loop = [n for n in self.vars if n.startswith("i_")]
        if c < 0.4 and loop:
            return Expr("bin", INT, "%", [Expr("var", INT, self.r.choice(loop)),
                                          Expr("call", INT, "len", [Expr("var", "arr", name)])])
        if c < 0.75:
            return Expr("bin", INT, "%", [self.leaf(INT, arrays=False), Expr("call", INT, "len", [Expr("var", "arr", name)])])
        if c < 0.9:
            return lit(self.r.choice([0, -1, 1, -2]))
        return self.leaf(INT, arrays=False)

    def leaf(self, ty, arrays=True):
        if self.arrays and arrays and ty in (INT, FLOAT) and self.chance(0.3):
            arrs = self.arrays_of(ty)
            if arrs:
                a = self.r.choice(arrs)
                return Expr("index", ty, None, [Expr("var", "arr", a), self.index(a)])
            arrs = self.arrays_of(FLOAT) + self.arrays_of(INT)
            if ty == INT and arrs and self.chance(0.3):
                return Expr("call", INT, "len", [Expr("var", "arr", self.r.choice(arrs))])
        names = self.names_of(ty)
        if names and self.chance(0.7):
            return Expr("var", ty, self.r.choice(names))
        if ty == INT:
            return lit(self.r.randint(-12, 12) if self.chance(0.85) else self.int_value())
        if ty == FLOAT:
            if self.chance(0.1):
                return Expr("attr", FLOAT, self.r.choice(["math.pi", "math.e", "math.tau"]))
            return lit(float(self.float_value()) if self.chance(0.3) else round(self.r.uniform(-9, 9), 2))
        return self.bool_expr(0) if self.chance(0.8) else lit(self.chance(0.5))

    def nonzero_int_lit(self):
        v = self.r.randint(-9, 9)
        return lit(v if v else 3)

    def expr(self, ty, depth):
        if depth <= 0 or self.chance(0.25):
            return self.leaf(ty)
        if ty == INT:
            return self.int_expr(depth - 1)
        if ty == FLOAT:
            return self.float_expr(depth - 1)
        return self.bool_expr(depth - 1)

    def user_call(self, ty, depth):
        # Inside a loop only functions without loops: the work of a call stays polynomial.
        cands = [f for f in self.funcs if f.ret == ty and not (self.loop_depth and f.has_loop)]
        if not cands:
            return None
        cands = [f for f in cands if all(t not in ELEM or self.names_of(t) for _, t, _ in f.params)]
        if not cands:
            return None
        f = self.r.choice(cands)
        args = [Expr("var", "arr", self.r.choice(self.names_of(t))) if t in ELEM else self.expr(t, min(depth, 1))
                for _, t, _ in f.params]
        return Expr("call", ty, f.name, args)

    def int_expr(self, d):
        c = self.r.random()
        if c < 0.40:
            op = self.r.choice(["+", "-", "*", "+", "-", "*", "//", "%", "&", "|", "^", "<<", ">>", "**"])
            a = self.expr(INT, d)
            if op in ("//", "%"):
                b = self.nonzero_int_lit() if self.chance(0.7) else self.expr(INT, d)
            elif op == "<<":
                b = lit(self.r.randint(0, 12)) if self.chance(0.9) else lit(-1)
            elif op == ">>":
                b = lit(self.r.randint(0, 70)) if self.chance(0.7) else \
                    Expr("bin", INT, "%", [self.expr(INT, d), lit(70)])
            elif op == "**":
                b = lit(self.r.randint(0, 3))
            else:
                b = self.expr(INT, d)
            return Expr("bin", INT, op, [a, b])
        if c < 0.48:
            return Expr("unary", INT, self.r.choice(["-", "~", "-"]), [self.expr(INT, d)])
        if c < 0.56:
            n = 2 if self.chance(0.8) else 3
            return Expr("call", INT, self.r.choice(["min", "max"]), [self.expr(INT, d) for _ in range(n)])
        if c < 0.60:
            return Expr("call", INT, "abs", [self.expr(INT, d)])
        if c < 0.70:
            f = self.r.choice(["int", "round", "math.floor", "math.ceil", "math.trunc"])
            return Expr("call", INT, f, [self.expr(FLOAT, d)])
        if c < 0.73:
            return Expr("call", INT, "round", [self.expr(INT, d), lit(self.r.randint(-3, 0))])
        if c < 0.76:
            m = self.nonzero_int_lit() if self.chance(0.9) else self.expr(INT, d)
            return Expr("call", INT, "pow", [self.expr(INT, d), lit(self.r.randint(0, 20)), m])
        if c < 0.84:
            return Expr("ifexp", INT, None, [self.expr(BOOL, d), self.expr(INT, d), self.expr(INT, d)])
        if c < 0.88:
            return Expr("boolop", INT, self.r.choice(["and", "or"]), [self.expr(INT, d), self.expr(INT, d)])
        call = self.user_call(INT, d)
        return call if call else self.leaf(INT)

    def float_expr(self, d):
        c = self.r.random()
        if c < 0.40:
            op = self.r.choice(["+", "-", "*", "/", "+", "-", "*", "/", "//", "%", "**"])
            tys = self.r.choice([(FLOAT, FLOAT), (FLOAT, INT), (INT, FLOAT), (FLOAT, FLOAT)])
            if op == "/" and self.chance(0.2):
                tys = (INT, INT)
            a = self.expr(tys[0], d)
            if op == "**":
                b = lit(self.r.randint(0, 3)) if self.chance(0.5) else lit(self.r.choice([0.5, 2.0, -1.0, 1.5]))
                if b.ty == INT and a.ty == INT:  # int ** int is an int
                    a = self.expr(FLOAT, d)
                if b.ty == FLOAT and b.data != int(b.data):
                    a = Expr("call", FLOAT, "abs", [Expr("call", FLOAT, "float", [a])]) if a.ty == INT else \
                        Expr("call", FLOAT, "abs", [a])
            elif op in ("/", "//", "%") and self.chance(0.6):
                b = lit(float(self.nonzero_int_lit().data)) if tys[1] == FLOAT else self.nonzero_int_lit()
            else:
                b = self.expr(tys[1], d)
            return Expr("bin", FLOAT, op, [a, b])
        if c < 0.46:
            return Expr("unary", FLOAT, "-", [self.expr(FLOAT, d)])
        if c < 0.52:
            n = 2 if self.chance(0.8) else 3
            return Expr("call", FLOAT, self.r.choice(["min", "max"]), [self.expr(FLOAT, d) for _ in range(n)])
        if c < 0.55:
            return Expr("call", FLOAT, "abs", [self.expr(FLOAT, d)])
        if c < 0.60:
            return Expr("call", FLOAT, "float", [self.expr(INT, d)])
        if c < 0.70:
            f = self.r.choice(MATH1)
            a = self.expr(FLOAT, d)
            # Keep most arguments in the domain (CPython raises where C returns nan: discarded).
            if f in ("sqrt", "log", "log2", "log10", "acosh") and self.chance(0.7):
                a = Expr("call", FLOAT, "abs", [a])
            elif f in ("asin", "acos", "atanh") and self.chance(0.7):
                a = Expr("call", FLOAT, "math.tanh", [a])
            return Expr("call", FLOAT, "math." + f, [a])
        if c < 0.74:
            return Expr("call", FLOAT, "math." + self.r.choice(MATH2), [self.expr(FLOAT, d), self.expr(FLOAT, d)])
        if c < 0.77:
            return Expr("call", FLOAT, "round", [self.expr(FLOAT, d), lit(self.r.randint(-3, 5))])
        if c < 0.85:
            return Expr("ifexp", FLOAT, None, [self.expr(BOOL, d), self.expr(FLOAT, d), self.expr(FLOAT, d)])
        if c < 0.88:
            return Expr("boolop", FLOAT, self.r.choice(["and", "or"]), [self.expr(FLOAT, d), self.expr(FLOAT, d)])
        call = self.user_call(FLOAT, d)
        return call if call else self.leaf(FLOAT)

    def bool_expr(self, d):
        c = self.r.random()
        if c < 0.6:
            tys = self.r.choice([(INT, INT), (FLOAT, FLOAT), (INT, FLOAT), (FLOAT, INT), (INT, INT)])
            ops = ["<", "<=", ">", ">=", "==", "!="]
            if tys == (INT, INT) and self.chance(0.15):
                return Expr("cmp", BOOL, [self.r.choice(ops[:4]), self.r.choice(ops[:4])],
                            [self.expr(INT, d), self.expr(INT, d), self.expr(INT, d)])
            return Expr("cmp", BOOL, [self.r.choice(ops)], [self.expr(tys[0], d), self.expr(tys[1], d)])
        if c < 0.7:
            return Expr("unary", BOOL, "not", [self.expr(self.r.choice([BOOL, INT, FLOAT]), d)])
        if c < 0.85:
            return Expr("boolop", BOOL, self.r.choice(["and", "or"]), [self.expr(BOOL, d), self.expr(BOOL, d)])
        if c < 0.92:
            return Expr("call", BOOL, "math." + self.r.choice(["isnan", "isinf", "isfinite"]),
                        [self.expr(FLOAT, d)])
        names = self.names_of(BOOL)
        return Expr("var", BOOL, self.r.choice(names)) if names else lit(self.chance(0.5))

    # ---- statements

    def small_bound(self, d):
        """An int expression whose value is small: the loops it bounds stay short."""
        c = self.r.random()
        if c < 0.45:
            return lit(self.r.randint(-2, 9))
        if c < 0.75:
            return Expr("bin", INT, "%", [self.expr(INT, d), lit(self.r.randint(1, 11))])
        return Expr("call", INT, "min", [self.expr(INT, d), lit(self.r.randint(0, 10))])

    def block(self, depth, in_loop, ret, n=None):
        n = n if n is not None else self.r.randint(1, 3)
        return [self.stmt(depth, in_loop, ret) for _ in range(n)]

    def assignable(self):
        return [n for n, t in self.vars.items() if not n.startswith(("i_", "c_")) and t not in ELEM]

    def stmt(self, depth, in_loop, ret):
        c = self.r.random()
        targets = self.assignable()
        if depth <= 0:
            c = c * 0.45  # only simple statements
        if c < 0.22 and targets:
            name = self.r.choice(targets)
            return Stmt("assign", [name], [self.expr(self.vars[name], 3)])
        if c < 0.36 and targets:
            name = self.r.choice(targets)
            ty = self.vars[name]
            if ty == INT:
                op = self.r.choice(["+", "-", "*", "//", "%", "&", "|", "^"])
                v = self.nonzero_int_lit() if op in ("//", "%") and self.chance(0.7) else self.expr(INT, 2)
            elif ty == FLOAT:
                op = self.r.choice(["+", "-", "*", "/", "+", "-"])
                v = self.expr(self.r.choice([FLOAT, FLOAT, INT]), 2)
            else:
                return Stmt("assign", [name], [self.expr(BOOL, 2)])
            return Stmt("aug", (name, op), [v])
        arrs = [n for n, t in self.vars.items() if t in ELEM]
        if arrs and self.chance(0.12):
            a = self.r.choice(arrs)
            elem = ELEM[self.vars[a]]
            op = None if self.chance(0.6) else self.r.choice(["+", "-", "*"])
            return Stmt("store", (a, op), [self.index(a), self.expr(elem, 2)])
        if c < 0.40 and len(targets) >= 2:
            names = self.r.sample(targets, 2)
            return Stmt("assign", names, [self.expr(self.vars[n], 2) for n in names])
        if c < 0.43:
            # Mostly true: a value against a wide bound (fires now and then), or any condition.
            ty = self.r.choice([INT, FLOAT])
            bound = lit(self.r.randint(-5000, 5000) if ty == INT else float(self.r.randint(-5000, 5000)))
            cond = Expr("cmp", BOOL, [self.r.choice(["<", ">"])], [self.expr(ty, 1), bound]) \
                if self.chance(0.8) else self.expr(BOOL, 2)
            return Stmt("assert", f"check {self.r.randint(0, 99)}", [cond])
        if c < 0.45:
            if in_loop:
                return Stmt("if", None, [self.expr(BOOL, 2)], [Stmt(self.r.choice(["break", "continue"]))])
            return Stmt("if", None, [self.expr(BOOL, 2)],
                        [Stmt("raise", (self.r.choice(["ValueError", "RuntimeError", "ArithmeticError"]),
                                        f"raised {self.r.randint(0, 99)}"))])
        if c < 0.47:
            return Stmt("if", None, [self.expr(BOOL, 2)], [Stmt("return", None, [self.expr(ret, 2)])])
        if c < 0.65:
            s = Stmt("if", None, [self.expr(BOOL, 3)], self.block(depth - 1, in_loop, ret))
            if self.chance(0.5):
                s.orelse = self.block(depth - 1, in_loop, ret)
            return s
        if c < 0.85:
            var = f"i_{self.loop_vars}"
            self.loop_vars += 1
            nargs = self.r.choice([1, 2, 2, 3, 3])
            if nargs == 1:
                args = [self.small_bound(1)]
            elif nargs == 2:
                args = [self.small_bound(1), self.small_bound(1)]
            else:
                if self.chance(0.5):
                    args = [self.small_bound(1), self.small_bound(1), lit(self.r.choice([-3, -2, -1, 1, 2, 3]))]
                else:
                    # A step known only at run time, sometimes zero (ValueError). krait rejects a
                    # constant zero step at compile time, even in code that never runs: the step
                    # always reads a variable.
                    names = self.names_of(INT)
                    base = Expr("var", INT, self.r.choice(names)) if names else lit(1)
                    step = Expr("bin", INT, "-", [Expr("bin", INT, "%", [base, lit(5)]), lit(2)])
                    if base.kind == "lit":
                        step = lit(self.r.choice([-2, -1, 1, 2]))
                    args = [self.small_bound(1), self.small_bound(1), step]
            self.vars[var] = INT
            self.loop_depth += 1
            body = self.block(depth - 1, True, ret)
            self.loop_depth -= 1
            self.has_loop = True
            del self.vars[var]
            return Stmt("for", var, args, body)
        counter = f"c_{self.counters}"
        self.counters += 1
        limit = self.r.randint(0, 8)
        extra = [self.expr(BOOL, 2)] if self.chance(0.3) else []
        self.vars[counter] = INT
        self.loop_depth += 1
        body = self.block(depth - 1, True, ret)
        self.loop_depth -= 1
        self.has_loop = True
        del self.vars[counter]
        return Stmt("while", (counter, limit), extra, body)

    def function(self, index):
        name = f"f{index}"
        nparams = self.r.randint(1, 3)
        params = []
        for i in range(nparams):
            ty = self.r.choice([INT, INT, FLOAT, FLOAT, BOOL]) if self.chance(0.95) else BOOL
            if ty == BOOL and self.chance(0.6):
                ty = INT
            if self.arrays and self.chance(0.3):
                ty = self.r.choice([ARR_F, ARR_I])
            params.append((f"p{i}", ty, ty in ELEM or self.chance(0.6)))
        ret = self.r.choice([INT, FLOAT, FLOAT, INT, BOOL]) if self.chance(0.9) else BOOL
        self.vars = {n: t for n, t, _ in params}
        self.counters = 0
        self.loop_vars = 0
        self.loop_depth = 0
        self.has_loop = False
        body = []
        for i in range(self.r.randint(1, 4)):
            ty = self.r.choice([INT, FLOAT, INT, FLOAT, BOOL])
            body.append(Stmt("assign", [f"v{i}"], [self.expr(ty, 2)]))
            self.vars[f"v{i}"] = ty
        body += self.block(self.r.randint(1, 3), False, ret, n=self.r.randint(2, 5))
        body.append(Stmt("return", None, [self.expr(ret, 3)]))
        f = Func(name, params, ret, self.chance(0.5), body)
        f.has_loop = self.has_loop
        self.funcs.append(f)
        return f

    def program(self):
        nfuncs = self.r.randint(1, 4)
        funcs = [self.function(i) for i in range(nfuncs)]
        calls = []
        for f in funcs[-2:] if self.chance(0.5) else funcs[-1:]:
            for _ in range(self.r.randint(1, 3)):
                calls.append((f.name, [self.arg_value(t) for _, t, _ in f.params]))
        return Program(funcs, calls)


def generate(seed, arrays=True):
    return Gen(random.Random(seed), arrays).program()
