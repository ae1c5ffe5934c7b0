"""Reference for the generation benchmark: directionally controlled decoding
(Eq. 3-4) in Python with Hugging Face transformers, the way one would write it
without an engine: one list at a time, greedy, two forward passes per token
(c1 and c2), each with its own KV cache. Loads the same GGUF (transformers
dequantizes it to float32) and the same prompt template file.

Prints one JSON object: lists, sentences, generated tokens, seconds.
Benchmark only; never in the product's path.
"""
import argparse
import json
import time

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer


def read_template(path):
    system, user, part = [], [], None
    for line in open(path, encoding="utf-8").read().splitlines():
        if line == "[system]":
            part = system
        elif line == "[user]":
            part = user
        else:
            (part if part is not None else user).append(line)
    return "\n".join(system).strip("\n"), "\n".join(user).strip("\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True, help="GGUF file")
    ap.add_argument("--prompt", required=True, help="template file ([system]/[user], {sentence})")
    ap.add_argument("--seeds", required=True)
    ap.add_argument("--limit", type=int, default=2)
    ap.add_argument("--steps", type=int, default=32)
    ap.add_argument("--lambda", dest="lam", type=float, default=0.5)
    ap.add_argument("--max-new-tokens", type=int, default=100)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    import os
    d, f = os.path.split(os.path.abspath(a.model))
    tok = AutoTokenizer.from_pretrained(d, gguf_file=f)
    model = AutoModelForCausalLM.from_pretrained(d, gguf_file=f, torch_dtype=torch.float32).eval()
    system, user = read_template(a.prompt)
    stop = {tok.eos_token_id, tok.convert_tokens_to_ids("<|im_end|>"), tok.convert_tokens_to_ids("<|endoftext|>")}

    def prompt_ids(sentence):
        msgs = ([{"role": "system", "content": system}] if system else []) + [
            {"role": "user", "content": user.replace("{sentence}", sentence)}]
        text = tok.apply_chat_template(msgs, add_generation_prompt=True, tokenize=False)
        return tok(text, return_tensors="pt", add_special_tokens=False).input_ids

    def forward(ids, past):
        out = model(input_ids=ids, past_key_values=past, use_cache=True)
        return out.logits[0, -1].float(), out.past_key_values

    def sentence(prev, prev2, lam):
        l1, k1 = forward(prompt_ids(prev), None)
        l2, k2 = forward(prompt_ids(prev2), None) if prev2 is not None else (None, None)
        gen, chosen = [], 0
        for _ in range(a.max_new_tokens):
            s = torch.log_softmax(l1, -1)
            if l2 is not None:
                s = (1 + lam) * s - lam * torch.log_softmax(l2, -1)
            t = int(torch.argmax(s))
            chosen += 1
            if t in stop:
                break
            gen.append(t)
            x = torch.tensor([[t]])
            l1, k1 = forward(x, k1)
            if l2 is not None:
                l2, k2 = forward(x, k2)
        return tok.decode(gen, skip_special_tokens=True).strip(), chosen, len(gen) == a.max_new_tokens

    seeds = [l.strip() for l in open(a.seeds, encoding="utf-8") if l.strip()][: a.limit]
    lists, sentences, tokens = [], 0, 0
    t0 = time.perf_counter()
    with torch.inference_mode():
        for seed in seeds:
            l = [seed]
            for i in range(a.steps):
                s, n, truncated = sentence(l[-1], l[-2] if len(l) >= 2 else None, a.lam if len(l) >= 2 else 0.0)
                l.append(s)
                sentences += 1
                tokens += n
                if truncated or not s or "\n" in s:
                    break
            lists.append(l)
    sec = time.perf_counter() - t0
    print(json.dumps({"lists": len(lists), "sentences": sentences, "generated_tokens": tokens, "seconds": sec,
                      "example": lists[0] if lists else []}))


if __name__ == "__main__":
    main()
