"""Trained weights shipped with detente: ``event_coder.onnx``, the fine-tuned event coder, with
its tokenizer and ``event_coder.json`` (see :mod:`detente.coder`)."""
