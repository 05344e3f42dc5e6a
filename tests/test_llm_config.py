import pytest

from agent.llm import LLMConfigError, resolve_llm


def test_no_configuration_means_offline():
    assert resolve_llm(None, env={}) is None
    assert resolve_llm("offline", env={"OPENAI_API_KEY": "k"}) is None


def test_openai_compatible_server_uses_chat_completions():
    model = resolve_llm(None, env={"OPENAI_BASE_URL": "http://127.0.0.1:11434/v1", "CAUSAL_AGENT_MODEL": "openai:llama3"})
    assert model.model_name == "llama3"
    assert model.use_responses_api is False
    assert "127.0.0.1:11434" in str(model.openai_api_base)


def test_key_required_for_openai():
    with pytest.raises(LLMConfigError, match="OPENAI_API_KEY"):
        resolve_llm("openai:gpt-4o-mini", env={})


def test_chat_model_object_passes_through():
    class Dummy:
        def invoke(self, messages):
            return None

    d = Dummy()
    assert resolve_llm(d) is d
    with pytest.raises(LLMConfigError):
        resolve_llm(42)
