;;; lsp-mode-driver.el --- drive a batch Emacs with lsp-mode and clients/emacs/kibitz-lsp.el  -*- lexical-binding: t; -*-
;; Run with: emacs --batch -Q -l lsp-mode-driver.el ; writes what the user would see to $KIBITZ_TEST_OUT as JSON.

(require 'package)
(setq package-user-dir (make-temp-file "kibitz-elpa-" t))
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'json)
(require 'lsp-mode)
(add-to-list 'load-path (getenv "KIBITZ_CLIENT_DIR"))
(require 'kibitz-lsp)

(setq kibitz-lsp-server-command (append (json-read-from-string (getenv "KIBITZ_SERVER_CMD")) nil))
(setq lsp-auto-guess-root t lsp-session-file (make-temp-file "kibitz-lsp-session") lsp-restart 'ignore
      lsp-enable-file-watchers nil lsp-modeline-code-actions-enable nil lsp-headerline-breadcrumb-enable nil)
;; a defcustom generated from the server schema: the rule's severity is lowered from high to medium
(setq kibitz-lsp-risk-severity '(:git-push-force "medium"))

(defun kibitz-test-wait (seconds pred)
  (let ((deadline (+ (float-time) seconds)) ok)
    (while (and (not (setq ok (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    ok))

(defvar kibitz-test-result nil)
(condition-case err
    (progn
      (find-file (expand-file-name "deploy.sh" (getenv "KIBITZ_TEST_REPO")))
      (lsp)
      (let* ((attached (kibitz-test-wait 20 (lambda () (cl-some (lambda (w) (and (eq (lsp--workspace-status w) 'initialized)
                                                                               (eq (lsp--client-server-id (lsp--workspace-client w)) 'kibitz)))
                                                                  (lsp-workspaces)))))
             (hover (progn (goto-char (point-min)) (search-forward "-xzf") (backward-char 3)
                           (lsp-request "textDocument/hover" (lsp--text-document-position-params))))
             (diags (progn (kibitz-test-wait 15 (lambda () (gethash (buffer-file-name) (lsp-diagnostics t))))
                           (gethash (buffer-file-name) (lsp-diagnostics t))))
             (before (buffer-string))
             (action (progn (goto-char (point-min)) (search-forward "--force") (backward-char 3)
                            (cl-find-if (lambda (a) (string-match-p "force-with-lease" (lsp:code-action-title a)))
                                        (lsp-code-actions-at-point)))))
        (when action (lsp-execute-code-action action))
        (kibitz-test-wait 10 (lambda () (not (equal before (buffer-string)))))
        (setq kibitz-test-result
              (list :attached (if attached t :json-false)
                    :hover (gethash "value" (gethash "contents" hover))
                    :diagnostics (vconcat (mapcar (lambda (d) (list :code (gethash "code" d) :severity (gethash "severity" d)
                                                                    :line (gethash "line" (gethash "start" (gethash "range" d)))))
                                                  diags))
                    :picked (and action (lsp:code-action-title action))
                    :before before :after (buffer-string)
                    :errors []))
        ;; M-x kibitz-lsp-ask: the help buffer; "Helpful", then the citation
        (kibitz-lsp-ask "how do I rollback a deploy?")
        (let ((ask (list :text (with-current-buffer "*kibitz answer*" (buffer-substring-no-properties (point-min) (point-max))))))
          (let ((w (get-buffer-window "*kibitz answer*")))
            (if w (select-window w) (set-buffer "*kibitz answer*")))
          (goto-char (point-max))
          (push-button (button-start (button-at (save-excursion (let ((case-fold-search nil)) (search-backward "Helpful")) (point)))))
          (goto-char (point-min))
          (push-button (button-start (next-button (point))))
          (setq ask (plist-put ask :jumped (list :file (buffer-file-name) :line (line-number-at-pos)
                                                 :text (buffer-substring-no-properties (line-beginning-position) (line-end-position)))))
          (setq kibitz-test-result (plist-put kibitz-test-result :ask ask)))))
  (error (setq kibitz-test-result (list :errors (vector (format "%S" err))))))

(with-temp-file (getenv "KIBITZ_TEST_OUT") (insert (json-encode kibitz-test-result)))
(kill-emacs 0)
