#!/usr/bin/env python3
"""Runs the exported PyTorch scripts of a folder made by test/unit/export/verifyEntry.ts and compares
them with the playground's own numbers (configurations.json). Used by `npm run verify:export` (CPU)
and by scripts/gpu-check.sh (--cuda, on a machine with a GPU and no node). Needs python3 + torch;
nbformat and matplotlib for the notebook check (skipped, and said so, when missing).

    python3 scripts/export_check.py FOLDER [--cuda] [--summary DIR]

Checks, each printed with its numbers:
  CPU (default):
  - initial train and validation loss with our weights and data: |diff| <= 1e-4;
  - final train loss with torch's own shuffling (another batch order and other masks): within 50%;
  - with our batch order (and, for dropout, our masks fed in): final train and validation loss within
    the configuration's tolerance, and early stopping at the same epoch with the same best epoch;
  - torchrun with 2 processes (gloo) against 1 process, torch's shuffling: |diff| <= 1e-5;
  - --full-mnist reads the standard MNIST files into exactly the inputs of the exported CSV;
  - the notebook is valid nbformat 4 and its code cells, joined in order, run as a script with the
    same result as the script, and draw the loss plot.
  --cuda: for the configurations marked gpu, --device cuda with our batch order against ours;
  torchrun --nproc_per_node 1 on CUDA (NCCL) against one plain CUDA process; torchrun 1 vs 2 on CPU
  (gloo); the notebook's cells as a script. CUDA parts are skipped, and said so, without a GPU.
Exits 1 when a check fails.
"""
import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time

PYTHON = sys.executable
INITIAL_TOLERANCE = 1e-4
ROUGH_RELATIVE_TOLERANCE = 0.5
PROCESSES_TOLERANCE = 1e-5
CUDA_TOLERANCE = 1e-3  # cuDNN / cuBLAS sum in other orders (and may use TF32); the CPU checks are the tight ones
NOTEBOOK_TOLERANCE = 1e-6


class Report:
    def __init__(self):
        self.lines = []
        self.failures = []
        self.skipped = []
        self.checks = []

    def say(self, text=""):
        print(text, flush=True)
        self.lines.append(text)

    def compare(self, what, ours, theirs, tolerance, relative=False, labels=("ours", "pytorch")):
        if ours is None or theirs is None:
            ok = ours == theirs
            self.say(f"  {what:<52} {labels[0]} {ours}  {labels[1]} {theirs}  {'ok' if ok else 'DIFFERS'}")
        else:
            difference = abs(theirs - ours) / abs(ours) if relative else abs(theirs - ours)
            ok = difference <= tolerance
            shown = f"relative diff {difference * 100:.1f}% (<= {tolerance * 100:g}%)" if relative else f"|diff| {difference:.2e} (<= {tolerance:g})"
            self.say(f"  {what:<52} {labels[0]} {ours:.9f}  {labels[1]} {theirs:.9f}  {shown}")
        self.checks.append({"check": what, "ours": ours, "theirs": theirs, "tolerance": tolerance, "ok": ok})
        if not ok:
            self.failures.append(what)
        return ok

    def equal(self, what, ours, theirs):
        ok = ours == theirs
        self.say(f"  {what:<52} {ours} / {theirs}  {'same' if ok else 'DIFFERENT'}")
        self.checks.append({"check": what, "ours": ours, "theirs": theirs, "ok": ok})
        if not ok:
            self.failures.append(what)
        return ok

    def fail(self, what, detail):
        self.say(f"  {what}: FAILED\n{indent(detail)}")
        self.checks.append({"check": what, "ok": False, "detail": detail[-2000:]})
        self.failures.append(what)

    def skip(self, what, why):
        self.say(f"  {what}: skipped ({why})")
        self.checks.append({"check": what, "skipped": why})
        self.skipped.append(f"{what} ({why})")


def indent(text):
    return "\n".join("    " + line for line in text.strip().splitlines()[-25:])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def result_of(output):
    for line in output.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    return None


def run_script(folder, script, *args, env=None, timeout=600):
    """Runs one exported script; returns (RESULT dict or None, combined output)."""
    completed = subprocess.run([PYTHON, script, *args], cwd=folder, capture_output=True, text=True, env=env, timeout=timeout)
    output = completed.stdout + completed.stderr
    return (result_of(completed.stdout) if completed.returncode == 0 else None), output


def run_processes(folder, script, processes, args, timeout=240):
    """torchrun --nproc_per_node N. Debian's PyTorch 1.13 on Python 3.11 has a broken launcher
    (Std.from_str returns None), so when torchrun fails that way the same N processes are started
    with torchrun's environment (RANK, LOCAL_RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT), which is
    all the script reads. Returns (rank 0's RESULT or None, output, how it was launched)."""
    port = str(free_port())
    command = [PYTHON, "-m", "torch.distributed.run", "--nproc_per_node", str(processes), "--master_addr", "127.0.0.1", "--master_port", port, script, *args]
    completed = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=timeout, env={**os.environ, "OMP_NUM_THREADS": "1"})
    output = completed.stdout + completed.stderr
    if completed.returncode == 0:
        return result_of(completed.stdout), output, "torchrun"
    if "object has no attribute 'get'" not in output:
        return None, output, "torchrun"
    how = "torchrun's environment, processes started here (this PyTorch's torchrun launcher is broken)"
    outputs = []
    for attempt in range(2):  # a second try on a fresh port if the rendezvous hangs (seen once on a loaded machine)
        port = str(free_port())
        children = []
        for rank in range(processes):
            env = {**os.environ, "OMP_NUM_THREADS": "1", "RANK": str(rank), "LOCAL_RANK": str(rank), "WORLD_SIZE": str(processes),
                   "LOCAL_WORLD_SIZE": str(processes), "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": port}
            children.append(subprocess.Popen([PYTHON, script, *args], cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
        try:
            outputs = [child.communicate(timeout=timeout)[0] for child in children]
        except subprocess.TimeoutExpired:
            for child in children:
                child.kill()
            outputs = [child.communicate()[0] for child in children] + [f"(attempt {attempt + 1}: no result within {timeout} s; the processes were stopped)"]
            continue
        ok = all(child.returncode == 0 for child in children)
        return (result_of(outputs[0]) if ok else None), "\n".join(outputs), how
    return None, "\n".join(outputs), how


def with_our_masks(script, masks_file):
    """A copy of the script whose dropout layers apply the playground's masks, step by step."""
    anchor = "\n\n\ndef build_model():"
    if anchor not in script or "nn.Dropout(p=" not in script:
        raise RuntimeError("The exported script no longer has the dropout modules this check replaces.")
    fed = f'''


MASKS = json.load(open({json.dumps(masks_file)}))


class FedDropout(nn.Module):
    """verify:export: the playground's dropout masks (1 = kept), in its step order, instead of torch's."""

    def __init__(self, name, p):
        super().__init__()
        self.name, self.p, self.step = name, p, 0

    def forward(self, x):
        if not self.training:
            return x
        mask = torch.tensor(MASKS[self.name][self.step], dtype=x.dtype, device=x.device).reshape(x.shape)
        self.step += 1
        return x * mask * (1.0 / (1.0 - self.p))'''
    script = re.sub(r'\("(\w+)", nn\.Dropout\(p=', r'("\1", FedDropout("\1", p=', script)
    return script.replace(anchor, fed + anchor, 1)


def notebook_as_script(path, report):
    """The notebook's code cells joined in order; validates it as nbformat 4 first (when nbformat is there)."""
    with open(path, encoding="utf-8") as file:
        notebook = json.load(file)
    try:
        import nbformat
        nbformat.validate(nbformat.reads(json.dumps(notebook), as_version=4))
        report.say(f"  notebook {os.path.basename(path)}: valid nbformat {notebook['nbformat']}.{notebook['nbformat_minor']} ({nbformat.__version__}), {len(notebook['cells'])} cells")
    except ImportError:
        report.skip("nbformat validation", "python3-nbformat is not installed")
    code = [("".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]
    return "\n\n".join(code) + "\n"


def check_notebook(folder, config, script_result, report):
    name = config["name"]
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        report.skip(f"{name}: notebook cells as a script", "python3-matplotlib is not installed")
        return
    try:
        source = notebook_as_script(os.path.join(folder, config["notebook"]), report)
    except Exception as error:  # a broken notebook is a failed check, reported with its reason
        report.fail(f"{name}: notebook is not valid nbformat 4", str(error))
        return
    run_folder = os.path.join(folder, f"{name}-notebook-run")
    shutil.rmtree(run_folder, ignore_errors=True)
    os.makedirs(run_folder)
    with open(os.path.join(run_folder, "notebook.py"), "w", encoding="utf-8") as file:
        file.write(source)
    completed = subprocess.run([PYTHON, "notebook.py"], cwd=run_folder, capture_output=True, text=True, timeout=600, env={**os.environ, "MPLBACKEND": "Agg"})
    result = result_of(completed.stdout) if completed.returncode == 0 else None
    if result is None:
        report.fail(f"{name}: the notebook's cells as a script", completed.stdout + completed.stderr)
        return
    report.compare("notebook: train loss (same code as the script)", script_result["final_train_loss"], result["final_train_loss"], NOTEBOOK_TOLERANCE, labels=("script", "notebook"))
    report.equal("notebook: drew loss-curves.png", True, os.path.exists(os.path.join(run_folder, "loss-curves.png")))


def check_full_mnist(folder, config, report):
    """--full-mnist's reader against the exported CSV, on the same digits written as MNIST files."""
    code = f"""
import importlib.util, json
spec = importlib.util.spec_from_file_location("exported", {json.dumps(config['script'])})
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
(mx, my), (mvx, mvy) = module.load_full_mnist({json.dumps(config['fullMnist'])})
(cx, cy), (cvx, cvy) = module.load_data({json.dumps(config['name'] + '.csv')})
print(json.dumps({{"inputs": max((mx - cx).abs().max().item(), (mvx - cvx).abs().max().item()),
                  "labels": bool((my == cy).all()) and bool((mvy == cvy).all()), "rows": [len(mx), len(mvx)]}}))
"""
    completed = subprocess.run([PYTHON, "-c", code], cwd=folder, capture_output=True, text=True, timeout=300)
    if completed.returncode != 0:
        report.fail(f"{config['name']}: --full-mnist reader", completed.stdout + completed.stderr)
        return
    found = json.loads(completed.stdout.strip().splitlines()[-1])
    report.compare(f"--full-mnist inputs vs the CSV ({found['rows'][0]} + {found['rows'][1]} digits)", 0.0, found["inputs"], 1e-6, labels=("csv", "max |diff|"))
    report.equal("--full-mnist labels vs the CSV", True, found["labels"])


def cpu_checks(folder, config, report):
    name, ours, script = config["name"], config["ours"], config["script"]
    epochs = str(config["epochs"])
    theirs, output = run_script(folder, script, "--device", "cpu", "--epochs", epochs)
    if theirs is None:
        report.fail(f"{name}: the exported script", output)
        return
    report.compare("initial train loss", ours["initialTrainLoss"], theirs["initial_train_loss"], INITIAL_TOLERANCE)
    report.compare("initial validation loss", ours["initialValidationLoss"], theirs["initial_validation_loss"], INITIAL_TOLERANCE)
    report.compare(f"train loss after {theirs['epochs']} epochs, torch's shuffling", ours["finalTrainLoss"], theirs["final_train_loss"], ROUGH_RELATIVE_TOLERANCE, relative=True)
    ordered_script = script
    if config["masks"]:
        ordered_script = f"{name}.our-masks.py"
        with open(os.path.join(folder, script), encoding="utf-8") as file:
            source = file.read()
        with open(os.path.join(folder, ordered_script), "w", encoding="utf-8") as file:
            file.write(with_our_masks(source, config["masks"]))
    ordered, output = run_script(folder, ordered_script, "--device", "cpu", "--epochs", epochs, "--batch-order", config["batchOrder"])
    if ordered is None:
        report.fail(f"{name}: the script with our batch order", output)
        return
    how = "our batch order and masks" if config["masks"] else "our batch order"
    tolerance = config["exactTolerance"]
    report.compare(f"train loss after {ordered['epochs']} epochs, {how}", ours["finalTrainLoss"], ordered["final_train_loss"], tolerance)
    report.compare(f"validation loss after {ordered['epochs']} epochs, {how}", ours["finalValidationLoss"], ordered["final_validation_loss"], tolerance)
    if "stopped_epoch" in ordered:
        report.equal("early stopping: stopped at epoch (ours / pytorch)", ours["stoppedEpoch"], ordered["stopped_epoch"])
        report.equal("early stopping: best epoch (ours / pytorch)", ours["bestEpoch"], ordered["best_epoch"])
    if config["twoProcesses"]:
        check_processes(folder, config, theirs, report, device="cpu")
        check_help_and_data(folder, config, report)
    if config.get("fullMnist"):
        check_full_mnist(folder, config, report)
    if config["notebook"]:
        check_notebook(folder, config, theirs, report)


def check_help_and_data(folder, config, report):
    """--help lists the device, the data and the torchrun recipe; --data refuses a CSV whose columns differ, saying which."""
    completed = subprocess.run([PYTHON, config["script"], "--help"], cwd=folder, capture_output=True, text=True, timeout=120)
    for needed in ("--device {auto,cpu,cuda,mps}", "--data FILE", "--batch-order FILE", "torchrun --nproc_per_node N"):
        report.equal(f"--help mentions {needed}", True, needed in completed.stdout)
    csv_path = os.path.join(folder, config["name"] + ".csv")
    with open(csv_path, encoding="utf-8") as file:
        header, rest = file.read().split("\n", 1)
    renamed = header.split(",")
    renamed[1] = "renamed"
    wrong = os.path.join(folder, "wrong-columns.csv")
    with open(wrong, "w", encoding="utf-8") as file:
        file.write(",".join(renamed) + "\n" + rest)
    refused, output = run_script(folder, config["script"], "--device", "cpu", "--epochs", "1", "--data", wrong)
    message = output.strip().splitlines()[-1] if output.strip() else ""
    report.say(f"  --data with a renamed column says: {message}")
    report.equal("--data refuses other columns, naming the column", True, refused is None and "column 2 is 'renamed'" in message)
    bigger = os.path.join(folder, "more-rows.csv")
    rows = [line for line in rest.splitlines() if line]
    with open(bigger, "w", encoding="utf-8") as file:
        file.write(header + "\n" + "\n".join(rows + rows) + "\n")
    doubled, output = run_script(folder, config["script"], "--device", "cpu", "--epochs", "1", "--data", bigger)
    report.equal("--data trains on a CSV with twice the rows", True, doubled is not None)


def check_processes(folder, config, one_process, report, device):
    """torchrun with 2 processes on the CPU (gloo) against one process, the same global batches."""
    two, output, how = run_processes(folder, config["script"], 2, ["--device", device, "--epochs", str(config["epochs"])])
    if two is None:
        report.fail(f"{config['name']}: torchrun --nproc_per_node 2 ({how})", output)
        return
    report.say(f"  2 processes launched with {how}: world size {two['world_size']}")
    report.compare("train loss, 2 processes (gloo) vs 1", one_process["final_train_loss"], two["final_train_loss"], PROCESSES_TOLERANCE, labels=("1 process", "2 processes"))
    report.compare("validation loss, 2 processes (gloo) vs 1", one_process["final_validation_loss"], two["final_validation_loss"], PROCESSES_TOLERANCE, labels=("1 process", "2 processes"))


def cuda_checks(folder, configs, report, cuda):
    for config in configs:
        if not config["gpu"]:
            continue
        name, ours = config["name"], config["ours"]
        report.say(f"\n{name} on CUDA: {config['purpose']}")
        if not cuda:
            report.skip(f"{name}: --device cuda", "no CUDA GPU visible to PyTorch")
            continue
        started = time.time()
        theirs, output = run_script(folder, config["script"], "--device", "cuda", "--epochs", str(config["epochs"]), "--batch-order", config["batchOrder"])
        if theirs is None:
            report.fail(f"{name}: --device cuda", output)
            continue
        report.equal("device in the RESULT line", "cuda:0", theirs.get("device"))
        report.compare("initial train loss on CUDA", ours["initialTrainLoss"], theirs["initial_train_loss"], INITIAL_TOLERANCE)
        report.compare(f"train loss after {theirs['epochs']} epochs on CUDA, our batch order", ours["finalTrainLoss"], theirs["final_train_loss"], CUDA_TOLERANCE)
        report.compare(f"validation loss after {theirs['epochs']} epochs on CUDA, our order", ours["finalValidationLoss"], theirs["final_validation_loss"], CUDA_TOLERANCE)
        report.say(f"  ({time.time() - started:.1f} s)")
        if name == "default":
            nccl, output, how = run_processes(folder, config["script"], 1, ["--device", "cuda", "--epochs", str(config["epochs"]), "--batch-order", config["batchOrder"]])
            if nccl is None:
                report.fail("torchrun --nproc_per_node 1 --device cuda (NCCL)", output)
            else:
                report.say(f"  torchrun on CUDA launched with {how}; world size {nccl['world_size']}, device {nccl['device']}")
                report.compare("train loss, torchrun NCCL 1 process vs plain CUDA", theirs["final_train_loss"], nccl["final_train_loss"], CUDA_TOLERANCE, labels=("plain", "torchrun"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder")
    parser.add_argument("--cuda", action="store_true", help="the GPU machine's checks")
    parser.add_argument("--summary", default="", help="write summary.txt and summary.json into this folder")
    args = parser.parse_args()
    folder = os.path.abspath(args.folder)
    with open(os.path.join(folder, "configurations.json"), encoding="utf-8") as file:
        configs = json.load(file)
    import torch
    report = Report()
    cuda = torch.cuda.is_available()
    report.say(f"PyTorch {torch.__version__} on Python {sys.version.split()[0]}; CUDA {'available: ' + torch.cuda.get_device_name(0) if cuda else 'not available'}")
    started = time.time()
    if args.cuda:
        cuda_checks(folder, configs, report, cuda)
        default = next(config for config in configs if config["name"] == "default")
        report.say("\ndefault on the CPU: torchrun 1 vs 2 processes (gloo), and the notebook")
        one, output = run_script(folder, default["script"], "--device", "cpu", "--epochs", str(default["epochs"]))
        if one is None:
            report.fail("default on the CPU", output)
        else:
            check_processes(folder, default, one, report, device="cpu")
            check_notebook(folder, default, one, report)
    else:
        for config in configs:
            report.say(f"\n{config['name']}: {config['purpose']} ({config['epochs']} epochs)")
            cpu_checks(folder, config, report)
    report.say(f"\n{len(report.checks)} checks in {time.time() - started:.0f} s: {len(report.failures)} failed, {len(report.skipped)} skipped.")
    if args.summary:
        os.makedirs(args.summary, exist_ok=True)
        with open(os.path.join(args.summary, "summary.txt"), "w", encoding="utf-8") as file:
            file.write("\n".join(report.lines) + "\n")
        with open(os.path.join(args.summary, "summary.json"), "w", encoding="utf-8") as file:
            json.dump({"torch": torch.__version__, "cuda": cuda, "device": torch.cuda.get_device_name(0) if cuda else None,
                       "checks": report.checks, "failures": report.failures, "skipped": report.skipped}, file, indent=1)
    if report.failures:
        print("\nFAILED:\n" + "\n".join(f"- {failure}" for failure in report.failures))
        sys.exit(1)
    print("passed" + (f" (skipped: {'; '.join(report.skipped)})" if report.skipped else ""))


if __name__ == "__main__":
    main()
