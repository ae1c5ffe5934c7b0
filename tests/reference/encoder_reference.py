#!/usr/bin/env python3
"""Reference encoder outputs from transformers / sentence-transformers, for the
C++ parity tests. Every command reads sentences as JSONL (one JSON string a
line) and writes float32 .npy files.

  embed     --model DIR --input S.jsonl --output E.npy --pooling mean|cls|cls_before_pooler|st
            [--max-length N] [--batch-size B]
            st = SentenceTransformer(DIR).encode (the model's own pipeline)
  hidden    --model DIR --input S.jsonl --output-dir D [--max-length N]
            last_hidden_state of every sentence alone (no padding), as
            D/hidden.npy [total_tokens, hidden] (rows concatenated in order),
            D/lengths.npy and, when the model has a pooler, D/pooler.npy
  make-random --arch bert|roberta|mpnet --tokenizer-dir T --output-dir D [--layers 2] [--seed 0]
            a small randomly initialised model (BERT with a pooler, RoBERTa
            with padding_idx 1, MPNet with a pooler and its relative position
            bias), saved with safetensors, with the tokenizer files of T
            copied beside it (for MPNet, tokenizer.json pads with id 1, its
            padding_idx)
"""
import argparse
import json
import os
import shutil
import sys

import numpy as np
import torch


def read_texts(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load(model_dir):
    from transformers import AutoModel, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModel.from_pretrained(model_dir, attn_implementation="eager").eval()
    return tok, model


def max_len(args, tok):
    return args.max_length if args.max_length > 0 else min(tok.model_max_length, 512)


def embed(args):
    texts = read_texts(args.input)
    if args.pooling == "st":
        from sentence_transformers import SentenceTransformer

        st = SentenceTransformer(args.model, device="cpu")
        if args.max_length > 0:
            st.max_seq_length = args.max_length
        out = st.encode(texts, batch_size=args.batch_size, convert_to_numpy=True)
        np.save(args.output, out.astype(np.float32))
        return
    tok, model = load(args.model)
    rows = []
    with torch.inference_mode():
        for i in range(0, len(texts), args.batch_size):
            batch = tok(texts[i:i + args.batch_size], padding=True, truncation=True,
                        max_length=max_len(args, tok), return_tensors="pt")
            out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
            if args.pooling == "cls":
                e = out.pooler_output
            elif args.pooling == "cls_before_pooler":
                e = out.last_hidden_state[:, 0]
            else:
                m = batch["attention_mask"].unsqueeze(-1).float()
                e = (out.last_hidden_state * m).sum(1) / m.sum(1).clamp(min=1e-9)
            rows.append(e.float().numpy())
    np.save(args.output, np.concatenate(rows).astype(np.float32))


def hidden(args):
    texts = read_texts(args.input)
    tok, model = load(args.model)
    states, pooled, lengths = [], [], []
    with torch.inference_mode():
        for t in texts:
            batch = tok(t, truncation=True, max_length=max_len(args, tok), return_tensors="pt")
            out = model(**{k: batch[k] for k in ("input_ids", "attention_mask")})
            states.append(out.last_hidden_state[0].float().numpy())
            lengths.append(states[-1].shape[0])
            if out.pooler_output is not None:
                pooled.append(out.pooler_output[0].float().numpy())
    os.makedirs(args.output_dir, exist_ok=True)
    np.save(os.path.join(args.output_dir, "hidden.npy"), np.concatenate(states).astype(np.float32))
    np.save(os.path.join(args.output_dir, "lengths.npy"), np.array(lengths, dtype=np.float32).reshape(-1, 1))
    if pooled:
        np.save(os.path.join(args.output_dir, "pooler.npy"), np.stack(pooled).astype(np.float32))


def make_random(args):
    from transformers import BertConfig, BertModel, MPNetConfig, MPNetModel, RobertaConfig, RobertaModel

    torch.manual_seed(args.seed)
    with open(os.path.join(args.tokenizer_dir, "tokenizer.json"), encoding="utf-8") as f:
        vocab = len(json.load(f)["model"]["vocab"])
    common = dict(hidden_size=64, num_hidden_layers=args.layers, num_attention_heads=4, intermediate_size=96,
                  layer_norm_eps=1e-5, hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1)
    if args.arch == "roberta":
        config = RobertaConfig(vocab_size=vocab, max_position_embeddings=130, type_vocab_size=1,
                               pad_token_id=1, bos_token_id=0, eos_token_id=2, hidden_act="gelu_new", **common)
        model = RobertaModel(config, add_pooling_layer=False)
    elif args.arch == "mpnet":
        config = MPNetConfig(vocab_size=vocab, max_position_embeddings=130, relative_attention_num_buckets=32,
                             pad_token_id=1, hidden_act="gelu", **common)
        model = MPNetModel(config, add_pooling_layer=True)
    else:
        config = BertConfig(vocab_size=vocab, max_position_embeddings=128, type_vocab_size=2,
                            hidden_act="gelu", **common)
        model = BertModel(config, add_pooling_layer=True)
    # Random init has near-zero LayerNorm/bias terms; perturb everything so
    # every parameter matters to the comparison.
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.02)
    os.makedirs(args.output_dir, exist_ok=True)
    model.save_pretrained(args.output_dir, safe_serialization=True)
    for name in os.listdir(args.tokenizer_dir):
        src = os.path.join(args.tokenizer_dir, name)
        if os.path.isfile(src) and (name.startswith(("tokenizer", "special_tokens", "vocab")) or name == "merges.txt"):
            shutil.copy(src, os.path.join(args.output_dir, name))
    if args.arch == "mpnet":
        path = os.path.join(args.output_dir, "tokenizer.json")
        with open(path, encoding="utf-8") as f:
            tok = json.load(f)
        pad = next(t for t, i in tok["model"]["vocab"].items() if i == 1)
        tok["padding"] = {"strategy": "BatchLongest", "direction": "Right", "pad_to_multiple_of": None,
                          "pad_id": 1, "pad_type_id": 0, "pad_token": pad}
        with open(path, "w", encoding="utf-8") as f:
            json.dump(tok, f, ensure_ascii=False)
    if args.arch == "roberta":
        with open(os.path.join(args.output_dir, "tokenizer_config.json"), "w") as f:
            json.dump({"tokenizer_class": "RobertaTokenizerFast", "model_max_length": 128,
                       "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "sep_token": "</s>",
                       "cls_token": "<s>", "pad_token": "<pad>", "mask_token": "<mask>"}, f)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("embed")
    p.add_argument("--model", required=True)
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--pooling", default="st", choices=["st", "mean", "cls", "cls_before_pooler"])
    p.add_argument("--max-length", type=int, default=0)
    p.add_argument("--batch-size", type=int, default=64)
    p = sub.add_parser("hidden")
    p.add_argument("--model", required=True)
    p.add_argument("--input", required=True)
    p.add_argument("--output-dir", required=True)
    p.add_argument("--max-length", type=int, default=0)
    p = sub.add_parser("make-random")
    p.add_argument("--arch", choices=["bert", "roberta", "mpnet"], required=True)
    p.add_argument("--tokenizer-dir", required=True)
    p.add_argument("--output-dir", required=True)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(int(os.environ.get("RANKSENT_THREADS", "2")))
    {"embed": embed, "hidden": hidden, "make-random": make_random}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
