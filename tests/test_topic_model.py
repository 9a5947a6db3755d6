"""The classifier shipped trained beside the taxonomy (`topic-model.npz`), and the command that
trains it again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.classify import TopicModel
from generator.errors import TaxonomyError
from generator.topic_model import REFERENCE_CORPUS, main, train
from generator.topics import REGENERATE, file_papers, load_taxonomy, model_fingerprint
from tests.conftest import REPO

SHIPPED = ("topics.yml", "topic-examples.jsonl", "topic-model.npz")


def project(tmp_path: Path) -> Path:
    """A copy of the shipped taxonomy, examples and model; the taxonomy file's path."""
    for name in SHIPPED:
        shutil.copy2(REPO / name, tmp_path / name)
    return tmp_path / "topics.yml"


def test_the_shipped_model_was_trained_from_the_shipped_taxonomy_and_examples() -> None:
    taxonomy = load_taxonomy(REPO / "topics.yml", "topics.yml")
    # Out of date, it would be left unused (None): run `python3 -m generator.topic_model`.
    assert taxonomy.model is not None
    assert taxonomy.model.fingerprint == taxonomy.fingerprint
    assert taxonomy.model.coefficients.shape[0] == len(taxonomy.rules)


def test_training_again_on_the_reference_corpus_gives_the_shipped_file(tmp_path: Path) -> None:
    if not REFERENCE_CORPUS.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the real corpus is missing: {REFERENCE_CORPUS}")
        pytest.skip("the real corpus is not beside the repository")
    model = train(REPO / "topics.yml", REFERENCE_CORPUS)
    assert model is not None
    model.save(tmp_path / "again.npz")
    assert (tmp_path / "again.npz").read_bytes() == (REPO / "topic-model.npz").read_bytes()


def test_a_changed_taxonomy_leaves_the_model_unused_and_filing_trains_its_own(
    tmp_path: Path,
) -> None:
    path = project(tmp_path)
    assert load_taxonomy(path, "topics.yml").model is not None
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Agents", "Agents and tools", 1), encoding="utf-8")
    taxonomy = load_taxonomy(path, "topics.yml")
    assert taxonomy.model is None
    assert taxonomy.fingerprint == model_fingerprint(path, tmp_path / "topic-examples.jsonl")
    texts = [("A web agent that uses tools", "An LLM agent calls tools and browses the web.")]
    assert file_papers(taxonomy, texts)[0][0].slug == "agents"


def test_changed_examples_leave_the_model_unused(tmp_path: Path) -> None:
    path = project(tmp_path)
    examples = tmp_path / "topic-examples.jsonl"
    examples.write_text(examples.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    assert load_taxonomy(path, "topics.yml").model is None


def test_a_missing_model_file_is_trained_at_build_time(tmp_path: Path) -> None:
    path = project(tmp_path)
    (tmp_path / "topic-model.npz").unlink()
    taxonomy = load_taxonomy(path, "topics.yml")
    assert taxonomy.model is None
    assert taxonomy.model_path == tmp_path / "topic-model.npz"


def test_a_model_file_that_is_not_a_model_fails_in_one_line_naming_it(tmp_path: Path) -> None:
    path = project(tmp_path)
    (tmp_path / "topic-model.npz").write_text("not a model", encoding="utf-8")
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path, "topics.yml")
    message = str(caught.value)
    assert message.startswith("topic-model.npz: not a topic model (")
    assert message.endswith(f"); run {REGENERATE}")
    assert "\n" not in message


def test_model_must_name_a_file(tmp_path: Path) -> None:
    path = project(tmp_path)
    text = path.read_text(encoding="utf-8").replace("model: topic-model.npz", "model: ''")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TaxonomyError) as caught:
        load_taxonomy(path, "topics.yml")
    assert str(caught.value).endswith(": 'model' names the file of the trained classifier")


def test_a_saved_model_reads_back_and_scores_alike(tmp_path: Path) -> None:
    model = load_taxonomy(REPO / "topics.yml", "topics.yml").model
    assert model is not None
    model.save(tmp_path / "copy.npz")
    assert (tmp_path / "copy.npz").read_bytes() == (REPO / "topic-model.npz").read_bytes()
    again = TopicModel.load(tmp_path / "copy.npz")
    texts = [("Gaussian splatting for scenes", "We render 3D scenes with Gaussians."), ("", "")]
    assert (again.scores(texts) == model.scores(texts)).all()
    assert again.scores(texts)[1].max() < 0.5  # an empty paper is close to no topic


def test_the_command_trains_and_writes_the_model_the_taxonomy_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project(tmp_path)
    (tmp_path / "topic-model.npz").unlink()
    corpus = tmp_path / "records.jsonl"
    corpus.write_text(
        '{"title": "Robot arms that grasp", "abstract": "A robot arm grasps objects."}\n',
        encoding="utf-8",
    )
    assert main(["--taxonomy", str(path), "--corpus", str(corpus)]) == 0
    assert f"wrote {tmp_path / 'topic-model.npz'}" in capsys.readouterr().out
    assert load_taxonomy(path, "topics.yml").model is not None


def test_the_command_needs_a_taxonomy_that_names_a_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project(tmp_path)
    text = path.read_text(encoding="utf-8").replace("model: topic-model.npz\n", "")
    path.write_text(text, encoding="utf-8")
    assert main(["--taxonomy", str(path), "--corpus", str(REPO / "corpus")]) == 1
    assert capsys.readouterr().err == f"{path}: no 'model:' file is named; nothing to train\n"
