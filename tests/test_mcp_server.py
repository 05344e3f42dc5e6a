"""The MCP server, driven by the SDK's own client: tools listed, analyze on a table in the
allowed folder, paths outside it refused, sessions kept apart, and the CLI verb on stdio."""

import asyncio
import json
import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from mcp.client import Client

from agent.interfaces.mcp_server import build_server

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tables")
    rng = np.random.default_rng(0)
    n = 2000
    season = rng.normal(size=n)
    discount = 0.8 * season + rng.normal(size=n)
    sales = 2.0 * discount + 1.5 * season + rng.normal(size=n)
    pd.DataFrame({"season": season, "discount": discount, "sales": sales}).to_csv(folder / "shop.csv", index=False)
    outside = tmp_path_factory.mktemp("secret") / "secret.csv"
    outside.write_text("a,b\n1,2\n")
    (folder / "link.csv").symlink_to(outside)
    return folder


def _run(coro):
    return asyncio.run(coro)


def _payload(result) -> dict:
    assert not result.is_error, result.content[0].text
    return json.loads(result.content[0].text)


def test_tools_are_listed_and_deleting_graphs_is_not_one_of_them(data_dir):
    async def main():
        async with Client(build_server(data_dir)) as client:
            return {t.name for t in (await client.list_tools()).tools}
    names = _run(main())
    assert {"analyze", "list_datasets", "discover_graph", "estimate_effect", "recognise_design",
            "list_graphs"} <= names
    assert "delete_graph" not in names


def test_a_made_up_session_token_is_refused(data_dir):
    async def main():
        async with Client(build_server(data_dir)) as client:
            return await client.call_tool("list_graphs", {"session": "guess", "path": "shop.csv", "arguments": {}})
    result = _run(main())
    assert result.is_error and "start_session" in result.content[0].text


def test_analyze_a_table_in_the_folder_gives_the_effect(data_dir):
    async def main():
        async with Client(build_server(data_dir)) as client:
            return _payload(await client.call_tool("analyze", {"path": "shop.csv",
                                                               "question": "What is the effect of discount on sales?"}))
    out = _run(main())
    assert abs(out["effect"]["estimate"] - 2.0) < 0.1  # truth 2.0; season is a confounder
    assert "season" in out["effect"]["adjustment_set"] and out["report_markdown"].startswith("#")
    assert out["session"]


@pytest.mark.parametrize("path", ["../secret.csv", "/etc/passwd", "link.csv", "missing.csv"])
def test_paths_outside_the_folder_or_missing_are_refused(data_dir, path):
    async def main():
        async with Client(build_server(data_dir)) as client:
            token = _payload(await client.call_tool("start_session", {}))["session"]
            return await client.call_tool("profile_data", {"session": token, "path": path, "arguments": {}})
    result = _run(main())
    assert result.is_error
    assert any(w in result.content[0].text for w in ("outside the data folder", "relative to the data folder",
                                                     "No table"))


def test_two_sessions_do_not_see_each_others_graphs(data_dir):
    server = build_server(data_dir)

    async def main():
        async with Client(server) as first, Client(server) as second:
            one = _payload(await first.call_tool("start_session", {}))["session"]
            two = _payload(await second.call_tool("start_session", {}))["session"]

            async def call(client, token, name, arguments):
                return _payload(await client.call_tool(name, {"session": token, "path": "shop.csv",
                                                              "arguments": arguments}))
            learned = await call(first, one, "discover_graph", {})
            await call(first, one, "save_graph", {"key": "shop-g"})
            # the session keeps the graph between calls: the query needs no new discovery
            query = await call(first, one, "query_graph", {"query": "causes_of", "y": "sales"})
            mine = await call(first, one, "list_graphs", {})
            theirs = await call(second, two, "list_graphs", {})
            return learned, query, mine, theirs
    learned, query, mine, theirs = _run(main())
    assert "discount" in json.dumps(learned["result"]) and "shop-g" in json.dumps(mine)
    assert "sales" in query["observation"]
    assert "shop-g" not in json.dumps(theirs)


def test_wrong_arguments_get_the_planners_error_message(data_dir):
    async def main():
        async with Client(build_server(data_dir)) as client:
            token = _payload(await client.call_tool("start_session", {}))["session"]
            return await client.call_tool("estimate_effect", {"session": token, "path": "shop.csv", "arguments": {
                "treatment": "discount", "outcome": "revenue"}})
    result = _run(main())
    assert result.is_error and "revenue" in result.content[0].text and "sales" in result.content[0].text


def test_the_cli_verb_serves_stdio(data_dir):
    from mcp.client.stdio import StdioServerParameters

    entry = "import sys; from agent.interfaces.cli import main; sys.exit(main())"
    params = StdioServerParameters(command=sys.executable, args=["-c", entry, "mcp", "--data-dir", str(data_dir)],
                                   env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=str(ROOT))

    async def main():
        async with Client(params) as client:
            names = {t.name for t in (await client.list_tools()).tools}
            listed = await client.call_tool("list_datasets", {})
            return names, listed
    names, listed = _run(main())
    assert "analyze" in names and "shop.csv" in listed.content[0].text
