#!/usr/bin/env python3
"""Random-weight models of real shapes, for speed checks on a machine that has no model files
(scripts/gpu/device_check.sh): speed does not depend on weight values, only on shapes and types.

  make_models.py encoder --like DIR --output DIR [--seed 0]
      DIR/config.json's BERT, random weights (model.safetensors), the tokenizer and pooling files of --like
  make_models.py gguf --shape NAME --vocab VOCAB.gguf --output OUT.gguf [--seed 0] [--eog-scale K]
      a Q4_K_M-like GGUF (Q4_K blocks, Q6_K for output and llama.cpp's Q4_K_M choice of attn_v/ffn_down),
      the tokenizer of a vocab-only GGUF (llama.cpp's models/ggml-vocab-*.gguf); NAME: qwen2.5-1.5b, llama3-8b,
      tiny-qwen2, tiny-llama (the last two for the dry run), or proxy-qwen2: one layer 64 wide in float32, whose
      decoding costs little next to the engine's per-token work over the whole vocabulary (bench/engine_host_work.sh).
      --eog-scale K multiplies the output rows of the end-of-generation tokens by K, so that random weights end
      sentences (K = 1: they almost never do; the larger K, the shorter the sentences)
  make_models.py check-gguf --shape NAME --against REAL.gguf
      the tensors' names, types and shapes of NAME equal those of a real quantised file (exit 1 if not)
  make_models.py check-encoder --like DIR --against model.safetensors
      the random encoder's tensor names, dtypes and shapes equal the real file's (exit 1 if not)

The quantised blocks hold random quants with fixed, valid fp16 scales chosen so that the weights are small and
zero-mean (Q4_K: w = 8d(q - 7.5)): activations stay finite through every layer, so no NaN reaches the sampler.
Needs numpy, and gguf-py (PYTHONPATH=<llama.cpp>/gguf-py) for the GGUF commands.
"""
import argparse
import json
import re
import shutil
import struct
import sys
from pathlib import Path

import numpy as np

# --- encoder -----------------------------------------------------------------------------------------------------


def bert_layout(cfg):
    """(name, dtype, shape) of a BertModel's safetensors, as sentence-transformers' BERT checkpoints hold them."""
    h, i, v, p, t = (cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"], cfg["max_position_embeddings"],
                     cfg.get("type_vocab_size", 2))
    out = [("embeddings.position_ids", "I64", [1, p]),
           ("embeddings.word_embeddings.weight", "F32", [v, h]),
           ("embeddings.position_embeddings.weight", "F32", [p, h]),
           ("embeddings.token_type_embeddings.weight", "F32", [t, h]),
           ("embeddings.LayerNorm.weight", "F32", [h]), ("embeddings.LayerNorm.bias", "F32", [h])]
    for n in range(cfg["num_hidden_layers"]):
        b = f"encoder.layer.{n}."
        for m in ("query", "key", "value"):
            out += [(b + f"attention.self.{m}.weight", "F32", [h, h]), (b + f"attention.self.{m}.bias", "F32", [h])]
        out += [(b + "attention.output.dense.weight", "F32", [h, h]), (b + "attention.output.dense.bias", "F32", [h]),
                (b + "attention.output.LayerNorm.weight", "F32", [h]), (b + "attention.output.LayerNorm.bias", "F32", [h]),
                (b + "intermediate.dense.weight", "F32", [i, h]), (b + "intermediate.dense.bias", "F32", [i]),
                (b + "output.dense.weight", "F32", [h, i]), (b + "output.dense.bias", "F32", [h]),
                (b + "output.LayerNorm.weight", "F32", [h]), (b + "output.LayerNorm.bias", "F32", [h])]
    out += [("pooler.dense.weight", "F32", [h, h]), ("pooler.dense.bias", "F32", [h])]
    return out


def random_tensor(rng, name, dtype, shape):
    if dtype == "I64":  # position ids
        return np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    if name.endswith("LayerNorm.weight"):
        return np.ones(shape, np.float32)
    if name.endswith(".bias"):
        return np.zeros(shape, np.float32)
    return (rng.standard_normal(shape, dtype=np.float32) * 0.02).astype(np.float32)  # BERT's initializer_range


def write_safetensors(path, tensors):
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name, (dtype, arr) in tensors.items():
        header[name] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [offset, offset + arr.nbytes]}
        offset += arr.nbytes
    blob = json.dumps(header, separators=(",", ":")).encode()
    blob += b" " * (-len(blob) % 8)  # the data starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(blob)))
        f.write(blob)
        for _, arr in tensors.values():
            f.write(np.ascontiguousarray(arr).tobytes())


def read_safetensors_layout(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    return sorted((k, v["dtype"], v["shape"]) for k, v in header.items() if k != "__metadata__")


def cmd_encoder(a):
    like, out = Path(a.like), Path(a.output)
    cfg = json.loads((like / "config.json").read_text())
    out.mkdir(parents=True, exist_ok=True)
    # Everything but the weights comes from --like: tokenizer, pooling, sentence-transformers files.
    for f in like.rglob("*"):
        rel = f.relative_to(like)
        if f.is_file() and f.name != "model.safetensors" and not f.name.endswith((".bin", ".onnx", ".h5")):
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, out / rel)
    rng = np.random.default_rng(a.seed)
    tensors = {n: (d, random_tensor(rng, n, d, s)) for n, d, s in bert_layout(cfg)}
    # Written whole, then renamed: device_check.sh starts encoding as soon as the file exists.
    write_safetensors(out / "model.safetensors.part", tensors)
    (out / "model.safetensors.part").replace(out / "model.safetensors")
    print(f"random encoder ({cfg['num_hidden_layers']} layers, hidden {cfg['hidden_size']}, "
          f"{sum(t.size for _, t in tensors.values()) / 1e6:.1f} M values) -> {out}")


def cmd_check_encoder(a):
    cfg = json.loads((Path(a.like) / "config.json").read_text())
    ours = sorted((n, d, s) for n, d, s in bert_layout(cfg))
    real = read_safetensors_layout(a.against)
    if ours != real:
        print(f"layout differs: ours {len(ours)} tensors, {a.against} {len(real)}; "
              f"only ours: {sorted(set(map(str, ours)) - set(map(str, real)))[:5]}; "
              f"only real: {sorted(set(map(str, real)) - set(map(str, ours)))[:5]}")
        return 1
    print(f"encoder layout equals {a.against}: {len(ours)} tensors")
    return 0


# --- GGUF --------------------------------------------------------------------------------------------------------

# Published shapes (config.json of Qwen/Qwen2.5-1.5B-Instruct and meta-llama/Meta-Llama-3-8B-Instruct).
SHAPES = {
    "qwen2.5-1.5b": dict(arch="qwen2", layers=28, embd=1536, ff=8960, heads=12, kv_heads=2, ctx=32768,
                         rope_base=1e6, eps=1e-6, bias=True, name="random Qwen2.5-1.5B shape"),
    "llama3-8b": dict(arch="llama", layers=32, embd=4096, ff=14336, heads=32, kv_heads=8, ctx=8192,
                      rope_base=5e5, eps=1e-5, bias=False, name="random Llama-3-8B shape"),
    "tiny-qwen2": dict(arch="qwen2", layers=2, embd=256, ff=512, heads=4, kv_heads=2, ctx=4096,
                       rope_base=1e6, eps=1e-6, bias=True, name="random tiny qwen2"),
    "tiny-llama": dict(arch="llama", layers=2, embd=256, ff=512, heads=4, kv_heads=2, ctx=4096,
                       rope_base=5e5, eps=1e-5, bias=False, name="random tiny llama"),
    # Float32 throughout (Q4_K blocks are 256 wide): the vocabulary's output rows are what costs.
    "proxy-qwen2": dict(arch="qwen2", layers=1, embd=64, ff=128, heads=4, kv_heads=2, ctx=8192,
                        rope_base=1e6, eps=1e-6, bias=True, name="random 1-layer 64-wide qwen2", dense=True),
}

# Tokens llama.cpp treats as end of generation by their text (src/llama-vocab.cpp), besides the EOS id.
EOG_TEXTS = {"<|endoftext|>", "<|im_end|>", "<|eot_id|>", "<|end_of_text|>", "<|eom_id|>", "<|end|>"}

# Llama 3's chat template (the vocab-only GGUF has none); llama.cpp recognises it by its header tokens.
LLAMA3_TEMPLATE = ("{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = "
                   "'<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + "
                   "'<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}"
                   "{{ content }}{% endfor %}{% if add_generation_prompt %}"
                   "{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}")


def use_more_bits(i, n):
    """llama.cpp's Q4_K_M rule (src/llama-quant.cpp): these layers' attn_v and ffn_down get Q6_K."""
    return i < n // 8 or i >= 7 * n // 8 or (i - n // 8) % 3 == 2


def gguf_layout(shape, n_vocab):
    """(name, type, [ne0, ne1]) in llama.cpp's order; type is 'F32', 'Q4_K' or 'Q6_K'."""
    s = SHAPES[shape]
    if s.get("dense"):
        return [(n, "F32", ne) for n, _, ne in gguf_layout_quantised(s, n_vocab)]
    return gguf_layout_quantised(s, n_vocab)


def gguf_layout_quantised(s, n_vocab):
    e, ff, hd = s["embd"], s["ff"], s["embd"] // s["heads"]
    kv = hd * s["kv_heads"]
    out = [("token_embd.weight", "Q4_K", [e, n_vocab]), ("output_norm.weight", "F32", [e]),
           ("output.weight", "Q6_K", [e, n_vocab])]
    for i in range(s["layers"]):
        b, more = f"blk.{i}.", use_more_bits(i, s["layers"])
        out += [(b + "attn_norm.weight", "F32", [e]), (b + "attn_q.weight", "Q4_K", [e, e]),
                (b + "attn_k.weight", "Q4_K", [e, kv]), (b + "attn_v.weight", "Q6_K" if more else "Q4_K", [e, kv]),
                (b + "attn_output.weight", "Q4_K", [e, e]), (b + "ffn_norm.weight", "F32", [e]),
                (b + "ffn_gate.weight", "Q4_K", [e, ff]), (b + "ffn_up.weight", "Q4_K", [e, ff]),
                (b + "ffn_down.weight", "Q6_K" if more else "Q4_K", [ff, e])]
        if s["bias"]:
            out += [(b + "attn_q.bias", "F32", [e]), (b + "attn_k.bias", "F32", [kv]), (b + "attn_v.bias", "F32", [kv])]
    return out


def block_pattern(rng, qtype, n_blocks):
    """n_blocks random blocks of `qtype` with fixed valid fp16 scales (see the module docstring)."""
    if qtype == "Q4_K":  # d, dmin (fp16), scales[12] (6-bit sc and m of 8 sub-blocks), qs[128]
        blk = np.frombuffer(rng.bytes(144 * n_blocks), np.uint8).reshape(n_blocks, 144).copy()
        blk[:, 0:2] = np.frombuffer(np.float16(2.0 ** -11).tobytes(), np.uint8)        # d
        blk[:, 2:4] = np.frombuffer(np.float16(7.5 * 2.0 ** -11).tobytes(), np.uint8)  # dmin = 7.5 d
        blk[:, 4:16] = [8] * 8 + [0x88] * 4  # every sc = m = 8, packed as ggml's get_scale_min_k4 reads them
        return blk
    if qtype == "Q6_K":  # ql[128], qh[64], scales[16] (int8), d (fp16): w = d * scale * (q - 32)
        blk = np.frombuffer(rng.bytes(210 * n_blocks), np.uint8).reshape(n_blocks, 210).copy()
        blk[:, 192:208] = 16
        blk[:, 208:210] = np.frombuffer(np.float16(2.0 ** -14).tobytes(), np.uint8)
        return blk
    raise ValueError(qtype)


def vocab_fields(path):
    """The tokenizer.* key-values of a GGUF, with their GGUF value types."""
    import gguf
    r = gguf.GGUFReader(path)
    out = {}
    for key, f in r.fields.items():
        if key.startswith("tokenizer."):
            vtype = f.types[0]
            sub = f.types[1] if vtype == gguf.GGUFValueType.ARRAY else None
            out[key] = (f.contents(), vtype, sub)
    return out


def eog_ids(vocab):
    """The end-of-generation token ids of a vocabulary: its EOS id and the tokens named in EOG_TEXTS."""
    tokens = vocab["tokenizer.ggml.tokens"][0]
    ids = {i for i, text in enumerate(tokens) if text in EOG_TEXTS}
    if "tokenizer.ggml.eos_token_id" in vocab:
        ids.add(int(vocab["tokenizer.ggml.eos_token_id"][0]))
    return sorted(ids)


def scale_rows(data, qtype, rows, k):
    """A copy of an output tensor (one row per vocabulary entry) with `rows` multiplied by k: float32 rows
    directly, Q6_K rows through their blocks' fp16 scale d (bytes 208:210 of each 210-byte block)."""
    data = data.copy()
    if qtype == "F32":
        data[rows] *= np.float32(k)
        return data
    if qtype != "Q6_K":
        raise ValueError(f"--eog-scale: output of type {qtype}")
    blocks = data[rows].reshape(len(rows), -1, 210)
    d = blocks[:, :, 208:210].copy().view(np.float16) * np.float16(k)
    blocks[:, :, 208:210] = d.view(np.uint8)
    data[rows] = blocks.reshape(len(rows), -1)
    return data


def cmd_gguf(a):
    import gguf
    s = SHAPES[a.shape]
    vocab = vocab_fields(a.vocab)
    n_vocab = len(vocab["tokenizer.ggml.tokens"][0])
    w = gguf.GGUFWriter(a.output, s["arch"])
    w.add_name(s["name"])
    w.add_block_count(s["layers"])
    w.add_context_length(s["ctx"])
    w.add_embedding_length(s["embd"])
    w.add_feed_forward_length(s["ff"])
    w.add_head_count(s["heads"])
    w.add_head_count_kv(s["kv_heads"])
    w.add_rope_freq_base(s["rope_base"])
    w.add_layer_norm_rms_eps(s["eps"])
    w.add_rope_dimension_count(s["embd"] // s["heads"])
    w.add_vocab_size(n_vocab)
    w.add_file_type(gguf.LlamaFileType.MOSTLY_Q4_K_M)
    w.add_quantization_version(gguf.GGML_QUANT_VERSION)
    for key, (val, vtype, sub) in vocab.items():
        w.add_key_value(key, val, vtype, sub_type=sub)
    if "tokenizer.chat_template" not in vocab and s["arch"] == "llama":
        w.add_chat_template(LLAMA3_TEMPLATE)
    layout = gguf_layout(a.shape, n_vocab)
    qt = {"Q4_K": gguf.GGMLQuantizationType.Q4_K, "Q6_K": gguf.GGMLQuantizationType.Q6_K}
    for name, t, ne in layout:
        if t == "F32":
            w.add_tensor_info(name, list(reversed(ne)), np.dtype(np.float32), 4 * int(np.prod(ne)))
        else:
            bs, ts = gguf.GGML_QUANT_SIZES[qt[t]]
            w.add_tensor_info(name, [ne[1], ne[0] // bs * ts], np.dtype(np.uint8), ne[1] * (ne[0] // bs) * ts,
                              raw_dtype=qt[t])
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_ti_data_to_file()
    # One pool of random blocks per type, cycled: fast for 5 GB, and the values do not matter for speed.
    rng = np.random.default_rng(a.seed)
    pools = {t: block_pattern(rng, t, 1 << 17) for t in qt}
    total = 0
    eog = eog_ids(vocab) if a.eog_scale != 1 else []
    for name, t, ne in layout:
        if t == "F32" and len(ne) == 2:
            # Scaled so that activations stay near unit size (1 / sqrt(fan-in)); the embeddings unit normal.
            std = 1.0 if name == "token_embd.weight" else 2.0 / np.sqrt(ne[0]) if name == "output.weight" else 1.0 / np.sqrt(ne[0])
            data = (rng.standard_normal((ne[1], ne[0]), dtype=np.float32) * np.float32(std)).astype(np.float32)
        elif t == "F32":
            data = np.ones(ne[0], np.float32) if name.endswith("norm.weight") else np.zeros(ne[0], np.float32)
        else:
            bs, _ = gguf.GGML_QUANT_SIZES[qt[t]]
            n = ne[1] * (ne[0] // bs)
            pool = pools[t]
            data = np.resize(pool, (n, pool.shape[1])) if n > len(pool) else pool[:n]
            data = data.reshape(ne[1], -1)
        if name == "output.weight" and eog:
            data = scale_rows(data, t, eog, a.eog_scale)
        w.write_tensor_data(data)
        total += data.nbytes
    w.close()
    scaled = f", output rows of end-of-generation tokens {eog} x {a.eog_scale:g}" if eog else ""
    print(f"{s['name']}: {s['layers']} layers, embd {s['embd']}, vocab {n_vocab}{scaled}, "
          f"{total / 2**30:.2f} GiB of tensors -> {a.output}")


def cmd_check_gguf(a):
    """Names and shapes equal, and each kind of tensor has as many of each type (so as many bytes); which layers
    hold the Q6_K ones may differ: files quantised by other llama.cpp versions spread them differently."""
    import gguf
    from collections import Counter
    r = gguf.GGUFReader(a.against)
    n_vocab = len(r.fields["tokenizer.ggml.tokens"].data)
    real = [(t.name, t.tensor_type.name, [int(x) for x in t.shape]) for t in r.tensors]
    ours = gguf_layout(a.shape, n_vocab)
    shapes = lambda layout: sorted((n, s) for n, _, s in layout)
    kinds = lambda layout: Counter((re.sub(r"^blk\.\d+\.", "", n), t) for n, t, _ in layout)
    if shapes(real) != shapes(ours) or kinds(real) != kinds(ours):
        diff = sorted(set(map(str, shapes(real))) ^ set(map(str, shapes(ours))))
        print(f"{a.shape} differs from {a.against}: {len(ours)} vs {len(real)} tensors; names/shapes: {diff[:4]}; "
              f"types: {kinds(real) - kinds(ours)} vs {kinds(ours) - kinds(real)}")
        return 1
    layers = lambda layout: sorted(int(n.split(".")[1]) for n, t, _ in layout if n.endswith("attn_v.weight") and t == "Q6_K")
    same = "the same layers" if layers(real) == layers(ours) else f"layers {layers(ours)} here, {layers(real)} there"
    print(f"{a.shape} layout equals {Path(a.against).name}: {len(ours)} tensors, names and shapes, and per kind "
          f"{dict(Counter(t for _, t, _ in ours))} ({same} in Q6_K)")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("encoder")
    e.add_argument("--like", required=True)
    e.add_argument("--output", required=True)
    e.add_argument("--seed", type=int, default=0)
    g = sub.add_parser("gguf")
    g.add_argument("--shape", required=True, choices=sorted(SHAPES))
    g.add_argument("--vocab", required=True)
    g.add_argument("--output", required=True)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--eog-scale", type=float, default=1.0)
    cg = sub.add_parser("check-gguf")
    cg.add_argument("--shape", required=True, choices=sorted(SHAPES))
    cg.add_argument("--against", required=True)
    ce = sub.add_parser("check-encoder")
    ce.add_argument("--like", required=True)
    ce.add_argument("--against", required=True)
    a = p.parse_args()
    return {"encoder": cmd_encoder, "gguf": cmd_gguf, "check-gguf": cmd_check_gguf,
            "check-encoder": cmd_check_encoder}[a.cmd](a) or 0


if __name__ == "__main__":
    sys.exit(main())
