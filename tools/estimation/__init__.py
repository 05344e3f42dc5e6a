"""Effect estimation: ``estimate.estimate`` (one call), the estimator ``registry``, the
``chooser``, one module per estimator family, and the ``estimate_effect`` tool (``tools``)."""
