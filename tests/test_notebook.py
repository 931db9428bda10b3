"""notebooks/explore_hunan.ipynb: stored without outputs, and it runs from top to bottom."""

from __future__ import annotations

import nbformat
from helpers import ROOT

NOTEBOOK = ROOT / "notebooks" / "explore_hunan.ipynb"


def test_the_notebook_is_stored_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(cell.outputs == [] and cell.execution_count is None for cell in code)


def test_the_notebook_runs_and_shows_gaps_a_chain_view_the_what_if_and_an_export() -> None:
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "液压件" in text  # a gap of 工程机械 in 长沙
    assert "大排量高压柱塞泵" in text  # an unsolved bottleneck
    assert "if 衡岳液压科技股份有限公司 stops:" in text and "lost only supplier: 三一重工" in text
    assert "hunan.graphml" in text and "nodes and" in text
    pages = [
        o["data"]["text/html"]
        for o in outputs
        if o.output_type in ("display_data", "execute_result") and "text/html" in o.get("data", {})
    ]
    assert len(pages) == 1 and pages[0].startswith("<div><iframe srcdoc=") and "Chain: 工程机械" in pages[0]
