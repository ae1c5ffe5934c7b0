#!/usr/bin/env python3
"""Reference post-training step in PyTorch, written straight from docs/method.md
section 3, for the C++ parity tests.

  step --model DIR --list list.json --output-dir D [--pooling mean|cls|cls_before_pooler]
       [--omega 0.5] [--tau 0.05] [--teacher-tau 0.05] [--lr 3e-5] [--max-grad-norm 1.0]
       [--max-length 32] [--targets refined|rank|semantic] [--refine paper|released]
       [--listmle-rows whole|others] [--time-steps N]

Teacher = a frozen copy of the model; the student runs with dropout off
(eval mode) so the step is deterministic. Writes D/result.json (loss, and
with --time-steps the mean seconds of one step), D/grads.safetensors and
D/updated.safetensors (parameters after one Adam step), names as in the
checkpoint.
"""
import argparse
import json
import math
import os
import time

import torch
from safetensors.torch import save_file
from transformers import AutoModel, AutoTokenizer


def embed(model, tok, sentences, pooling, max_length):
    batch = tok(sentences, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    out = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
    if pooling == "cls":
        return out.pooler_output
    if pooling == "cls_before_pooler":
        return out.last_hidden_state[:, 0]
    m = batch["attention_mask"].unsqueeze(-1).float()
    return (out.last_hidden_state * m).sum(1) / m.sum(1).clamp(min=1e-9)


def cosine_matrix(e):
    e = torch.nn.functional.normalize(e, dim=1, eps=1e-8)
    return e @ e.t()


def refine(phi, omega, mode="paper"):
    """Eq. 6-7 as docs/method.md reads them: for row j, items k = j..n-1 in list
    order; Delta = S_j[k - j] - Phi[j][k] with S_j the part sorted descending;
    PhiHat = Phi + sign(Delta) log(omega |Delta| + 1), mirrored for k > j.
    mode "released" (docs/method.md section 3.2, the authors' reading): the
    same |Delta|, negative iff the item's place in the sorted part is before
    its column k (rather than its rank k - j)."""
    n = phi.shape[0]
    out = phi.clone()
    for j in range(n):
        part = [phi[j][k].item() for k in range(j, n)]
        s = sorted(part, reverse=True)
        place = {r: i for i, r in enumerate(sorted(range(n - j), key=lambda r: -part[r]))}
        for k in range(j, n):
            d = s[k - j] - phi[j][k].item()
            if mode == "released":
                d = abs(d) * (-1.0 if place[k - j] < k else 1.0)
            v = phi[j][k].item() + math.copysign(1.0, d) * math.log(omega * abs(d) + 1) if d != 0 else phi[j][k].item()
            out[j][k] = v
            out[k][j] = v
    return out


def listmle(scores, targets, rows="whole"):
    """Per row j over every k (rows "whole") or k != j ("others"), pi_j =
    targets[j] descending:
    L_j = sum_i (log sum_{q>=i} exp s[j][pi(q)] - s[j][pi(i)]); mean over rows."""
    n = scores.shape[0]
    losses = []
    for j in range(n):
        cols = [k for k in range(n) if rows == "whole" or k != j]
        cols.sort(key=lambda k: -targets[j][k].item())
        s = scores[j][cols]
        total = 0
        for i in range(len(cols)):
            total = total + torch.logsumexp(s[i:], dim=0) - s[i]
        losses.append(total)
    return torch.stack(losses).mean()


def listmle_vectorized(scores, targets, rows="whole"):
    """The same loss as listmle(), as a PyTorch user would write it for speed
    (used for timing only)."""
    n = scores.shape[0]
    cols = torch.arange(n).expand(n, n)
    if rows != "whole":
        cols = cols[~torch.eye(n, dtype=torch.bool)].view(n, n - 1)
    order = targets.gather(1, cols).argsort(dim=1, descending=True, stable=True)
    s = scores.gather(1, cols.gather(1, order))
    return (s.flip(1).logcumsumexp(1).flip(1) - s).sum(1).mean()


def step(args):
    with open(args.list, encoding="utf-8") as f:
        sentences = json.load(f)
    tok = AutoTokenizer.from_pretrained(args.model)
    teacher = AutoModel.from_pretrained(args.model, attn_implementation="eager").eval()
    student = AutoModel.from_pretrained(args.model, attn_implementation="eager")
    if args.train_mode:
        student.train()  # dropout on, as in real training (timing)
    else:
        student.eval()  # dropout off, so the step is deterministic (parity)
    opt = torch.optim.Adam(student.parameters(), lr=args.lr)

    def one_step():
        with torch.no_grad():
            phi = cosine_matrix(embed(teacher, tok, sentences, args.pooling, args.max_length)) / args.teacher_tau
        if args.targets == "refined":
            targets = refine(phi.double(), args.omega, args.refine)
        elif args.targets == "rank":
            idx = torch.arange(len(sentences), dtype=torch.double)
            targets = -(idx[:, None] - idx[None, :]).abs()
        else:
            targets = phi
        scores = cosine_matrix(embed(student, tok, sentences, args.pooling, args.max_length)) / args.tau
        if args.vectorized:
            loss = listmle_vectorized(scores, targets, args.listmle_rows)
        else:
            loss = listmle(scores, targets, args.listmle_rows)
        opt.zero_grad()
        loss.backward()
        if args.max_grad_norm > 0:
            torch.nn.utils.clip_grad_norm_(student.parameters(), args.max_grad_norm)
        grads = {n: p.grad.detach().clone() for n, p in student.named_parameters() if p.grad is not None}
        opt.step()
        return loss.item(), grads

    loss, grads = one_step()
    result = {"loss": loss}
    os.makedirs(args.output_dir, exist_ok=True)
    save_file({n: g.contiguous() for n, g in grads.items()}, os.path.join(args.output_dir, "grads.safetensors"))
    save_file({n: p.detach().contiguous() for n, p in student.named_parameters()},
              os.path.join(args.output_dir, "updated.safetensors"))
    if args.time_steps > 0:
        t0 = time.perf_counter()
        for _ in range(args.time_steps):
            one_step()
        result["seconds_per_step"] = (time.perf_counter() - t0) / args.time_steps
    with open(os.path.join(args.output_dir, "result.json"), "w") as f:
        json.dump(result, f)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("step")
    s.add_argument("--model", required=True)
    s.add_argument("--list", required=True)
    s.add_argument("--output-dir", required=True)
    s.add_argument("--pooling", default="mean")
    s.add_argument("--omega", type=float, default=0.5)
    s.add_argument("--tau", type=float, default=0.05)
    s.add_argument("--teacher-tau", type=float, default=0.05)
    s.add_argument("--lr", type=float, default=3e-5)
    s.add_argument("--max-grad-norm", type=float, default=1.0)
    s.add_argument("--max-length", type=int, default=32)
    s.add_argument("--targets", default="refined", choices=["refined", "rank", "semantic"])
    s.add_argument("--refine", default="paper", choices=["paper", "released"])
    s.add_argument("--listmle-rows", default="whole", choices=["whole", "others"])
    s.add_argument("--time-steps", type=int, default=0)
    s.add_argument("--train-mode", action="store_true")
    s.add_argument("--vectorized", action="store_true")
    args = p.parse_args()
    torch.set_num_threads(int(os.environ.get("RANKSENT_THREADS", "2")))
    step(args)


if __name__ == "__main__":
    main()
