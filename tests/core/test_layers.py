"""Imports run one way: core at the bottom, the apps in the middle, the project (ccio) on top.

The check reads the source with ast (no import is executed), so it sees lazy
imports inside functions too: a dependency is a dependency wherever it is written.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "ccio"  # settings, root URLs, home, site search, sitemaps: may import every app
TOOLBOX = "core"  # markdown, images, permissions, the content cache, env parsing: imports no app
NOT_CODE = {"tests", "node_modules", "static", "templates", "media", "staticfiles"}


def _packages(root):
    return sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name not in NOT_CODE and not p.name.startswith(".")
    )


def _module_name(root, path):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_names(module, path, tree):
    """Every dotted name a module imports, with relative imports made absolute."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module
            for alias in node.names:
                yield f"{source}.{alias.name}"


def import_graph(root):
    """{module: set of first-party modules it imports}, for every package under root."""
    files = {}
    for package in _packages(root):
        for path in (root / package).rglob("*.py"):
            files[_module_name(root, path)] = path
    graph = {}
    for module, path in files.items():
        targets = set()
        for name in _imported_names(module, path, ast.parse(path.read_text(), str(path))):
            while name and name not in files:  # "forum.models.Post" is the module forum.models
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
        graph[module] = targets
    return graph


def _top(module):
    return module.partition(".")[0]


def upward_imports(graph):
    """Imports that go the wrong way: into the project from below, or out of the toolbox into an app."""
    wrong = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            if _top(target) == PROJECT and _top(module) != PROJECT:
                wrong.append(f"{module} imports {target}: only the project may import from {PROJECT}/")
            elif _top(module) == TOOLBOX and _top(target) != TOOLBOX:
                wrong.append(f"{module} imports {target}: {TOOLBOX}/ imports no app")
    return wrong


def circles(graph):
    """Groups of nodes that import each other, directly or round a loop (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def package_graph(graph):
    """The same graph between top-level packages (apps) instead of modules."""
    packages = {}
    for module, targets in graph.items():
        packages.setdefault(_top(module), set()).update(_top(t) for t in targets if _top(t) != _top(module))
    return packages


@pytest.fixture(scope="module")
def graph():
    return import_graph(ROOT)


def test_no_app_imports_the_project_and_the_toolbox_imports_no_app(graph):
    assert upward_imports(graph) == []


def test_no_two_modules_import_each_other(graph):
    assert circles(graph) == []


def test_no_two_apps_import_each_other(graph):
    assert circles(package_graph(graph)) == []


def test_the_check_sees_the_project_the_apps_and_the_toolbox(graph):
    packages = package_graph(graph)
    assert {PROJECT, TOOLBOX, "forum", "accounts"} <= set(packages)
    assert "forum" in packages[PROJECT]
    assert "core" in packages["forum"]


# The check itself, on a small tree made for each rule it enforces.


def _tree(tmp_path, files):
    for name, source in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)
    for package in {Path(name).parts[0] for name in files}:
        (tmp_path / package / "__init__.py").touch()
    return import_graph(tmp_path)


def test_an_app_importing_the_project_is_reported(tmp_path):
    graph = _tree(
        tmp_path,
        {
            "ccio/views.py": "from forum import views\n",
            "forum/views.py": "def page():\n    from ccio.views import home\n",
        },
    )
    assert upward_imports(graph) == ["forum.views imports ccio.views: only the project may import from ccio/"]


def test_the_toolbox_importing_an_app_is_reported(tmp_path):
    graph = _tree(tmp_path, {"core/markdown.py": "from forum.models import Post\n", "forum/models.py": ""})
    assert upward_imports(graph) == ["core.markdown imports forum.models: core/ imports no app"]


def test_a_circle_of_modules_is_reported_even_through_lazy_and_relative_imports(tmp_path):
    graph = _tree(
        tmp_path,
        {
            "forum/services.py": "from .models import Post\n",
            "forum/models.py": "def f():\n    from forum import moderation\n",
            "forum/moderation.py": "from forum.services import ForumError\n",
        },
    )
    assert circles(graph) == [["forum.models", "forum.moderation", "forum.services"]]


def test_a_circle_of_apps_is_reported(tmp_path):
    graph = _tree(
        tmp_path, {"forum/views.py": "import profiles.models\n", "profiles/views.py": "import forum.access\n"}
    )
    assert circles(graph) == []
    assert circles(package_graph(graph)) == [["forum", "profiles"]]
