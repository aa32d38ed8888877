from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from frontline.cli.nlu import app

runner = CliRunner()

TRAINING_CSV = """text,label,source
where is my order,order_status,chat
has my order shipped,order_status,chat
track my package please,order_status,email
when will my parcel arrive,order_status,chat
cancel my order,cancel_order,chat
please cancel order #W2378156,cancel_order,chat
I want to cancel the purchase,cancel_order,email
stop my order and cancel it,cancel_order,chat
tell me a joke,oos,chat
what's the weather today,oos,chat
play some music,oos,chat
who won the game,oos,chat
"""


def train(tmp_path: Path) -> Path:
    data = tmp_path / "train.csv"
    data.write_text(TRAINING_CSV)
    model = tmp_path / "model"
    result = runner.invoke(app, ["train", str(data), "--out", str(model), "--lexical-only"])
    assert result.exit_code == 0, result.output
    return model


def test_that_a_user_can_train_a_model_from_a_csv(tmp_path: Path) -> None:
    model = train(tmp_path)

    assert (model / "model.json").exists()
    assert json.loads((model / "training.json").read_text())["intents"] == 3


def test_that_predict_turns_json_lines_into_json_lines(tmp_path: Path) -> None:
    # given
    model = train(tmp_path)
    lines = [
        json.dumps({"text": "please cancel order #W2378156"}),
        json.dumps({"text": ""}),
        "not json at all: where is my order",
        json.dumps({"text": "\u0000\u0001"}),
    ]

    # when
    result = runner.invoke(app, ["predict", str(model)], input="\n".join(lines) + "\n")

    # then
    assert result.exit_code == 0, result.output
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(outputs) == 4
    assert outputs[0]["intent"] == "cancel_order"
    assert outputs[0]["entities"][0]["value"] == "#W2378156"
    assert {"intent", "confidence", "intents", "entities", "acts", "sentiment", "language"} <= set(
        outputs[0]
    )
    assert outputs[1]["oos"]
    assert outputs[2]["intent"] == "order_status"


def test_that_eval_reports_accuracy_f1_and_oos_scores(tmp_path: Path) -> None:
    # given
    model = train(tmp_path)
    test = tmp_path / "test.yaml"
    test.write_text(
        "order_status: [where's my parcel, has it shipped yet]\n"
        "cancel_order: [cancel it please]\noos: [sing me a song]\n"
    )

    # when
    result = runner.invoke(app, ["eval", str(model), str(test)])

    # then
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["examples"] == 4
    assert {"accuracy", "macro_f1", "oos_precision", "oos_recall", "confused"} <= set(report)


def test_that_training_on_an_unreadable_file_fails_with_a_message(tmp_path: Path) -> None:
    data = tmp_path / "bad.csv"
    data.write_text("foo,bar\n1,2\n")

    result = runner.invoke(
        app, ["train", str(data), "--out", str(tmp_path / "m"), "--lexical-only"]
    )

    assert result.exit_code == 2
    assert "cannot read" in result.output


def test_that_predict_on_a_missing_model_fails_with_a_message(tmp_path: Path) -> None:
    result = runner.invoke(app, ["predict", str(tmp_path)], input="{}\n")

    assert result.exit_code == 2
