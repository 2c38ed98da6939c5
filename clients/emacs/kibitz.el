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
;; a directory-local file cannot set.  Eglot also answers workspace/configuration from
;; `eglot-workspace-configuration', which a repository's .dir-locals.el may set (Emacs treats it as safe):
;; kibitz takes team settings from there (risk policy, commit style, ...) but never the model endpoint and key,
;; the log file or the feedback database; those keep the values of your own configuration.

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

;;; Directory-local configuration may not choose where code, keys and logs go

(defconst kibitz--user-only-keys '(:model :logFile)
  "Top-level settings only the user may set (plus :postgresUrl under :feedback).")

(defun kibitz--plist-drop (plist key)
  "PLIST without KEY."
  (cl-loop for (k v) on plist by #'cddr unless (eq k key) append (list k v)))

(defun kibitz--keep-user-only (local user)
  "LOCAL kibitz settings with the user-only ones replaced by those of USER (both plists)."
  (let ((out (if (keywordp (car-safe local)) (copy-sequence local) nil)))
    (dolist (key kibitz--user-only-keys)
      (setq out (kibitz--plist-drop out key))
      (when (plist-member user key) (setq out (plist-put out key (plist-get user key)))))
    (let ((feedback (kibitz--plist-drop (plist-get out :feedback) :postgresUrl))
          (user-feedback (plist-get user :feedback)))
      (when (plist-member user-feedback :postgresUrl)
        (setq feedback (plist-put feedback :postgresUrl (plist-get user-feedback :postgresUrl))))
      (when (or feedback (plist-member out :feedback))
        (setq out (plist-put out :feedback feedback))))
    out))

(defvar kibitz--warned-dirs nil)

(defun kibitz--trusted-workspace-configuration (orig server &rest args)
  "Around `eglot--workspace-configuration-plist': a directory-local value of
`eglot-workspace-configuration' cannot set kibitz's user-only settings."
  (let ((plist (apply orig server args)))
    (if (not (and (local-variable-p 'eglot-workspace-configuration) (plist-member plist :kibitz)))
        plist
      (let* ((local (plist-get plist :kibitz))
             (user (plist-get (let ((eglot-workspace-configuration (default-value 'eglot-workspace-configuration)))
                                (apply orig server args))
                              :kibitz))
             (kept (kibitz--keep-user-only local user)))
        (unless (or (equal kept local) (member default-directory kibitz--warned-dirs))
          (push default-directory kibitz--warned-dirs)
          (display-warning 'kibitz (format "%s: directory-local kibitz settings for the model, log file or feedback database are ignored; set them in your own configuration" default-directory)))
        (plist-put (copy-sequence plist) :kibitz kept)))))

(with-eval-after-load 'eglot
  (kibitz-eglot-register)
  (when (fboundp 'eglot--workspace-configuration-plist)
    (advice-add 'eglot--workspace-configuration-plist :around #'kibitz--trusted-workspace-configuration)))

(provide 'kibitz)
;;; kibitz.el ends here
