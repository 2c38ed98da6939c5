;;; kibitz.el --- kibitz language server for Eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: languages, tools

;;; Commentary:

;; Registers kibitz (shell explanations with cited man pages, risk diagnostics and quick fixes, AI code
;; actions as proposals, commit message drafts) with Eglot:
;;
;;   (add-to-list 'load-path "/path/to/kibitz/clients/emacs")
;;   (require 'kibitz)
;;   (add-hook 'sh-mode-hook #'eglot-ensure)          ; and dockerfile-mode-hook, makefile-mode-hook, ...
;;   (add-hook 'git-commit-setup-hook #'kibitz-eglot-git-commit)
;;
;; Settings are sent as initializationOptions from `kibitz-initialization-options', a user-level variable that
;; a directory-local file cannot set.  (Eglot answers workspace/configuration from
;; `eglot-workspace-configuration', which directory-local files can set: do not put the model endpoint or key
;; there.)

;;; Code:

(require 'cl-lib)

(defgroup kibitz nil
  "kibitz: shell explanations, risk checks and commit drafts over LSP."
  :group 'tools
  :prefix "kibitz-")

(defcustom kibitz-server-command '("kibitz" "--stdio")
  "Command that starts the kibitz language server on stdio."
  :type '(repeat string))
(put 'kibitz-server-command 'risky-local-variable t)

(defcustom kibitz-major-modes
  '(sh-mode bash-ts-mode dockerfile-mode dockerfile-ts-mode makefile-mode makefile-gmake-mode makefile-bsdmake-mode
    yaml-mode yaml-ts-mode markdown-mode gfm-mode json-mode js-json-mode json-ts-mode git-commit-mode)
  "Major modes whose buffers kibitz serves under Eglot."
  :type '(repeat symbol))

(defcustom kibitz-initialization-options nil
  "kibitz settings sent as LSP initializationOptions, a plist such as
\(:risk (:disabledRules [\"git-reset-hard\"]) :model (:baseURL \"http://127.0.0.1:11434/v1\" :chatModel \"llama3.1\")).
Every key of the server's settings schema is accepted (see the README)."
  :type 'sexp)
(put 'kibitz-initialization-options 'risky-local-variable t)

(defun kibitz-eglot-contact (&optional _interactive)
  "The Eglot contact for kibitz: the server command and its initializationOptions."
  (append kibitz-server-command
          (when kibitz-initialization-options
            (list :initializationOptions kibitz-initialization-options))))

(defun kibitz-eglot-register ()
  "Put kibitz in `eglot-server-programs' for `kibitz-major-modes'."
  (defvar eglot-server-programs)
  (setq eglot-server-programs
        (cons (cons kibitz-major-modes #'kibitz-eglot-contact)
              (cl-remove #'kibitz-eglot-contact eglot-server-programs :key #'cdr))))

(declare-function eglot "eglot")
(declare-function eglot--guess-contact "eglot")
(defvar eglot--managed-mode)

(defun kibitz-eglot-git-commit ()
  "Attach kibitz to this commit message buffer; for `git-commit-setup-hook'.
A commit buffer's major mode is usually `text-mode' (git-commit is a minor mode), so it is started here for
that major mode rather than looked up in `eglot-server-programs'."
  (require 'eglot)
  (unless (bound-and-true-p eglot--managed-mode)
    (let ((eglot-server-programs (cons (cons (list major-mode) #'kibitz-eglot-contact) eglot-server-programs)))
      (apply #'eglot (eglot--guess-contact)))))

(with-eval-after-load 'eglot (kibitz-eglot-register))

(provide 'kibitz)
;;; kibitz.el ends here
