#!/usr/bin/env python3
"""Reference token ids from Hugging Face `tokenizers`, for the C++ parity tests.

  encode    --tokenizer tokenizer.json --input texts.jsonl --output ids.jsonl [--max-length N] [--no-special]
            one JSON string per input line -> one JSON array of ids per output line
  train-bpe --corpus texts.jsonl --output-dir DIR [--vocab-size 2000]
            a small byte-level BPE tokenizer with RoBERTa's post-processing
            (<s> A </s>, add_prefix_space=False as roberta-base), saved as
            tokenizer.json and as vocab.json + merges.txt
"""
import argparse
import json
import os
import sys


def read_texts(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def encode(args):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(args.tokenizer)
    # tokenizer.json may carry the model's own truncation/padding; the C++
    # side gets exactly what a caller asks for, so the reference must too.
    tok.no_padding()
    if args.max_length > 0:
        tok.enable_truncation(max_length=args.max_length)
    else:
        tok.no_truncation()
    texts = read_texts(args.input)
    encodings = tok.encode_batch(texts, add_special_tokens=not args.no_special)
    with open(args.output, "w", encoding="utf-8") as f:
        for e in encodings:
            f.write(json.dumps(e.ids) + "\n")


def train_bpe(args):
    from tokenizers import ByteLevelBPETokenizer
    from tokenizers.processors import RobertaProcessing

    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    tok = ByteLevelBPETokenizer(add_prefix_space=False)
    tok.train_from_iterator(read_texts(args.corpus), vocab_size=args.vocab_size,
                            min_frequency=2, special_tokens=specials, show_progress=False)
    tok.post_processor = RobertaProcessing(("</s>", tok.token_to_id("</s>")),
                                           ("<s>", tok.token_to_id("<s>")),
                                           trim_offsets=True, add_prefix_space=False)
    os.makedirs(args.output_dir, exist_ok=True)
    tok.save(os.path.join(args.output_dir, "tokenizer.json"))
    tok.save_model(args.output_dir)  # vocab.json + merges.txt


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("encode")
    p.add_argument("--tokenizer", required=True)
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--max-length", type=int, default=0)
    p.add_argument("--no-special", action="store_true")
    p = sub.add_parser("train-bpe")
    p.add_argument("--corpus", required=True)
    p.add_argument("--output-dir", required=True)
    p.add_argument("--vocab-size", type=int, default=2000)
    args = parser.parse_args()
    {"encode": encode, "train-bpe": train_bpe}[args.command](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
