"""Regenerate the bundled sample data: one small, reproducible image-classification story.

    uv run python scripts/generate_sample_data.py

- images.parquet      one row per image: split, label, who labelled it, size, capture time
- features.parquet    per-image features a data-quality check would compute
- predictions.csv     two model versions' predictions on the validation and test splits
- labels.csv          the label set, with a description of each class
- thumbnails.parquet  a few small pictures per label, PNG bytes beside the label (try G)
"""

from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent.parent / "sample_data"  # written there
SEED = 4
N_IMAGES = 2_000
LABELS = {
    "cat": "Domestic cats, any breed, indoors or out",
    "dog": "Dogs, any breed; puppies included",
    "bird": "Birds perched or in flight",
    "car": "Passenger cars and vans",
    "truck": "Trucks, lorries and buses",
    "ship": "Boats and ships on water",
}
LABELERS = ["alice", "bob", "chen", "dana", "scale-ai", "mturk-17"]
SPLITS = [("train", 0.7), ("val", 0.15), ("test", 0.15)]


def _split(rng: random.Random) -> str:
    r, acc = rng.random(), 0.0
    for name, share in SPLITS:
        acc += share
        if r < acc:
            return name
    return SPLITS[-1][0]


def make_images(rng: random.Random) -> list[dict]:
    start = datetime(2024, 3, 1, 8, 0, 0)
    rows = []
    for i in range(N_IMAGES):
        label = rng.choice(list(LABELS))
        width, height = rng.choice([(640, 480), (1280, 720), (1920, 1080), (512, 512)])
        rows.append(
            {
                "image_id": i,
                "path": f"s3://fsdl-demo/images/{label}/{i:05d}.jpg",
                "split": _split(rng),
                "label": label,
                "labeler": rng.choice(LABELERS),
                "width": width,
                "height": height,
                "bytes": int(width * height * rng.uniform(0.08, 0.2)),
                "captured_at": start + timedelta(minutes=17 * i + rng.randint(0, 16)),
                # a few images were never labelled: the kind of gap a data check should find
                "label_confidence": None
                if rng.random() < 0.02
                else round(rng.uniform(0.6, 1.0), 3),
            }
        )
    return rows


def make_features(rng: random.Random, images: list[dict]) -> pa.Table:
    columns: dict[str, list] = {
        "image_id": [],
        "brightness": [],
        "contrast": [],
        "blur_score": [],
        "is_duplicate": [],
    }
    for image in images:
        columns["image_id"].append(image["image_id"])
        columns["brightness"].append(round(rng.gauss(0.5, 0.15), 4))
        columns["contrast"].append(round(abs(rng.gauss(0.3, 0.1)), 4))
        columns["blur_score"].append(round(rng.expovariate(8.0), 4))
        columns["is_duplicate"].append(rng.random() < 0.01)
    return pa.table(columns)


def make_predictions(rng: random.Random, images: list[dict]) -> list[dict]:
    rows = []
    for image in images:
        if image["split"] == "train":
            continue
        for version, skill in (("resnet50-v1", 0.78), ("resnet50-v2", 0.86)):
            correct = rng.random() < skill
            predicted = image["label"] if correct else rng.choice(list(LABELS))
            rows.append(
                {
                    "image_id": image["image_id"],
                    "model_version": version,
                    "predicted_label": predicted,
                    "confidence": round(
                        rng.uniform(0.55, 0.99) if correct else rng.uniform(0.2, 0.8), 3
                    ),
                    "correct": predicted == image["label"],
                }
            )
    return rows


PALETTE = {"cat": (214, 140, 60), "dog": (150, 100, 60), "bird": (70, 150, 220),
           "car": (200, 40, 50), "truck": (90, 90, 100), "ship": (30, 80, 160)}  # fmt: skip


def make_thumbnails(images: list[dict], per_label: int = 6) -> pa.Table:
    """A few 48×48 PNG pictures per label (a shape on a backdrop, drawn here), as an image
    dataset keeps them: the bytes in a column, beside the label — for the inspector and `G`."""
    import io

    from PIL import Image, ImageDraw

    rng = random.Random(SEED + 1)  # its own: the other files stay as they were
    rows = []
    for label in LABELS:
        for image in [row for row in images if row["label"] == label][:per_label]:
            sky = tuple(rng.randint(180, 240) for _ in range(3))
            picture = Image.new("RGB", (48, 48), sky)
            draw = ImageDraw.Draw(picture)
            draw.rectangle(
                (0, 34, 47, 47), fill=(90, 140, 70) if label != "ship" else (40, 90, 170)
            )
            x, y, size = rng.randint(6, 20), rng.randint(8, 16), rng.randint(16, 22)
            box = (x, y, x + size, y + size)
            shape = draw.ellipse if label in ("cat", "dog", "bird") else draw.rectangle
            shape(box, fill=PALETTE[label], outline=(20, 20, 20))
            out = io.BytesIO()
            picture.save(out, format="PNG", optimize=True)
            rows.append({"image_id": image["image_id"], "label": label, "png": out.getvalue()})
    return pa.Table.from_pylist(rows)


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    rng = random.Random(SEED)
    images = make_images(rng)
    pq.write_table(pa.Table.from_pylist(images), HERE / "images.parquet")
    pq.write_table(make_features(rng, images), HERE / "features.parquet")
    write_csv(HERE / "predictions.csv", make_predictions(rng, images))
    write_csv(
        HERE / "labels.csv",
        [{"label": name, "description": text} for name, text in LABELS.items()],
    )
    pq.write_table(make_thumbnails(images), HERE / "thumbnails.parquet")
    print(f"wrote sample data to {HERE}")


if __name__ == "__main__":
    main()
